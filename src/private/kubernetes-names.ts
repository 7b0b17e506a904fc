import { isUnresolved, propError } from './validation';

// At least two characters: aws-eks-v2 rejects one-character names for service accounts and namespaces.
const RFC_1123_LABEL = /^[a-z0-9][-a-z0-9]*[a-z0-9]$/;

/** What an RFC 1123 label may be, in the words of the error message. */
export const RFC_1123_LABEL_RULE =
  'must be an RFC 1123 label: 2 to 63 lowercase letters, digits or \'-\', starting and ending with a letter or digit';

/** Kubernetes namespaces and most object names must be RFC 1123 labels. */
export function isRfc1123Label(name: string): boolean {
  return name.length <= 63 && RFC_1123_LABEL.test(name);
}

/** Throws a prop error unless `name` is an RFC 1123 label (tokens are accepted as they are). */
export function validateRfc1123Label(construct: string, prop: string, name: string): void {
  if (isUnresolved(name)) return;
  if (!isRfc1123Label(name)) {
    throw propError(construct, prop, name, RFC_1123_LABEL_RULE);
  }
}
