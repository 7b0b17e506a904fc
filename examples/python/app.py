#!/usr/bin/env python3
"""The quickstart in Python: TrinoOnEks on a new VPC and EKS Auto Mode cluster, checked by four cdk-nag packs."""
import os

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from quickstart_stack import QuickstartStack

app = cdk.App()
QuickstartStack(
    app,
    "TrinoQuickstartPython",
    env=cdk.Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=os.environ.get("CDK_DEFAULT_REGION", "us-east-1")),
)
# cdk-nag 3: every finding fails the synth, unless it was acknowledged (with a reason) where it applies.
cdk.Validations.of(app).add_plugins(
    AwsSolutionsChecks(app), NIST80053R5Checks(app), HIPAASecurityChecks(app), PCIDSS321Checks(app),
)
app.synth()
