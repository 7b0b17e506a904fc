import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { settingsFromContext } from './existing-cluster-settings';
import { ExistingClusterStack } from './existing-cluster-stack';

const app = new App();
const settings = settingsFromContext(app);
new ExistingClusterStack(app, 'TrinoOnExistingCluster', {
  env: { account: settings.account, region: settings.region },
  settings,
});
// cdk-nag 3: every finding fails the synth, unless it was acknowledged (with a reason) where it applies.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new HIPAASecurityChecks(app), new PCIDSS321Checks(app));
