// Validates Kubernetes objects (JSON array on stdin) against the real schemas published on npm.
// Prints a JSON array of problems ({ object, error }) and exits 0; the Jest helper decides.
// ESM-only packages, hence a separate Node process rather than an import inside Jest.

const CRD_PACKAGES = {
  'karpenter.sh': '@kubernetes-models/karpenter',
  'karpenter.k8s.aws': '@kubernetes-models/karpenter',
  'keda.sh': '@kubernetes-models/keda',
  'eventing.keda.sh': '@kubernetes-models/keda',
};

function modulePath(apiVersion) {
  if (!apiVersion.includes('/')) return `kubernetes-models/${apiVersion}`; // core group: "v1"
  const group = apiVersion.split('/')[0];
  const crdPackage = CRD_PACKAGES[group];
  return crdPackage ? `${crdPackage}/${apiVersion}` : `kubernetes-models/${apiVersion}`;
}

function describe(object) {
  const meta = object?.metadata ?? {};
  return `${object?.apiVersion}/${object?.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`;
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const problems = [];
for (const object of JSON.parse(input)) {
  let model;
  try {
    const module = await import(modulePath(String(object.apiVersion)));
    model = module[object.kind];
  } catch {
    model = undefined;
  }
  if (typeof model !== 'function') {
    problems.push({ object: describe(object), error: 'no schema is known for this apiVersion and kind' });
    continue;
  }
  try {
    new model(object).validate();
  } catch (error) {
    problems.push({ object: describe(object), error: error.message });
  }
}
process.stdout.write(JSON.stringify(problems));
