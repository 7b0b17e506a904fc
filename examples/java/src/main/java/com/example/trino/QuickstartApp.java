package com.example.trino;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NIST80053R5Checks;
import io.github.cdklabs.cdknag.PCIDSS321Checks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;

/** The quickstart in Java: TrinoOnEks on a new VPC and EKS Auto Mode cluster, checked by four cdk-nag packs. */
public final class QuickstartApp {
    public static void main(final String[] args) {
        App app = new App();
        String region = System.getenv().getOrDefault("CDK_DEFAULT_REGION", "us-east-1");
        new QuickstartStack(app, "TrinoQuickstartJava", StackProps.builder()
                .env(Environment.builder().account(System.getenv("CDK_DEFAULT_ACCOUNT")).region(region).build())
                .build());
        // cdk-nag 3: every finding fails the synth, unless it was acknowledged (with a reason) where it applies.
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app),
                new HIPAASecurityChecks(app), new PCIDSS321Checks(app));
        app.synth();
    }
}
