"""The quickstart's stack, as in examples/quickstart (TypeScript), written against the Python package."""
from aws_cdk import Acknowledgment, Annotations, CfnOutput, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.lambda_layer_kubectl_v35 import KubectlV35Layer
from cdk_trino_on_eks import (
    BucketAccess,
    Catalog,
    CatalogStorageAccess,
    NetworkPeer,
    TrinoCluster,
    TrinoCoordinatorOptions,
    TrinoEndpoint,
    TrinoMetastore,
    TrinoNetworkPolicyOptions,
    TrinoOnEks,
    TrinoVersion,
    TrinoWorkerAutoscalingOptions,
    TrinoWorkersOptions,
    WarehouseLocation,
    WorkerShutdownOptions,
)
from constructs import Construct

WAREHOUSE_PREFIX = "warehouse"
SAMPLE_DATA_SQL = [
    "CREATE SCHEMA IF NOT EXISTS hive.samples",
    "CREATE TABLE IF NOT EXISTS hive.samples.nation WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.nation",
    "CREATE SCHEMA IF NOT EXISTS iceberg.iceberg_samples",
    "CREATE TABLE IF NOT EXISTS iceberg.iceberg_samples.orders AS SELECT * FROM tpch.tiny.orders",
]
PACKS = ["NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"]


def in_all_packs(aws_solutions, rule, reason):
    """The acknowledgements of one rule in the four packs (AwsSolutions has its own rule id, or none)."""
    ids = ([aws_solutions] if aws_solutions else []) + [f"{pack}-{rule}" for pack in PACKS]
    return [Acknowledgment(id=rule_id, reason=reason) for rule_id in ids]


class QuickstartStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        # Access logs of the lake: their own bucket (SSE-S3: server access logging cannot deliver to SSE-KMS).
        access_logs = s3.Bucket(
            self, "AccessLogs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            removal_policy=RemovalPolicy.RETAIN,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(365), noncurrent_version_expiration=Duration.days(30))],
        )
        Validations.of(access_logs).acknowledge(
            *in_all_packs("AwsSolutions-S1", "S3BucketLoggingEnabled",
                          "This bucket receives the lake bucket's server access logs; logging it to itself would loop."),
            *in_all_packs(None, "S3DefaultEncryptionKMS",
                          "S3 server access logging delivers only to buckets encrypted with SSE-S3 (AES-256), not SSE-KMS."),
            *in_all_packs(None, "S3BucketReplicationEnabled",
                          "Access logs are versioned and kept for a year; a cross-region replica is not needed for this example."),
        )

        # The lake: the warehouse, KMS-encrypted, versioned, retained on stack deletion.
        lake_key = kms.Key(self, "LakeKey", description="Trino quickstart: lake bucket", enable_key_rotation=True,
                           removal_policy=RemovalPolicy.RETAIN)
        lake = s3.Bucket(
            self, "Lake",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=lake_key,
            bucket_key_enabled=True,
            enforce_ssl=True,
            versioned=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="lake/",
            removal_policy=RemovalPolicy.RETAIN,
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=Duration.days(30),
                                              abort_incomplete_multipart_upload_after=Duration.days(1))],
        )
        Validations.of(lake).acknowledge(*in_all_packs(
            None, "S3BucketReplicationEnabled",
            "The quickstart keeps its lake in one region (versioned, retained); add a replication rule for production data."))

        warehouse = CatalogStorageAccess(bucket_name=lake.bucket_name, prefixes=[WAREHOUSE_PREFIX], access=BucketAccess.READ_WRITE)
        metastore_uri = TrinoOnEks.CREATED_METASTORE_URI
        certificate_arn = self.node.try_get_context("quickstart:certificateArn")
        trino = TrinoOnEks(
            self, "Trino",
            cluster=TrinoCluster.create(kubectl_layer=KubectlV35Layer(self, "Kubectl")),
            version=TrinoVersion.LATEST,
            # Creates the Hive Metastore (RDS PostgreSQL, private, encrypted, rotated credentials) for this warehouse.
            metastore=TrinoMetastore.create(warehouse=WarehouseLocation.from_bucket(lake, WAREHOUSE_PREFIX)),
            catalogs=[
                Catalog.hive(metastore_uri=metastore_uri, storage_access=[warehouse]),
                Catalog.iceberg(metastore_uri=metastore_uri, storage_access=[warehouse]),
                Catalog.tpch(),
            ],
            buckets=[lake],
            workers=TrinoWorkersOptions(
                max_count=2,
                instance_size="2xlarge",
                # Graviton memory-optimized workers with NVMe: Trino's file-system cache and spill live on it.
                graviton=True,
                # 2 x 10 s grace + 1 min longest task + 30 s margin = 110 s: fits the two-minute spot notice.
                graceful_shutdown=WorkerShutdownOptions(grace_period=Duration.seconds(10), longest_task=Duration.minutes(1)),
                # Workers follow the queries (KEDA), down to none when idle; a query then waits for a worker.
                autoscaling=TrinoWorkerAutoscalingOptions(),
            ),
            coordinator=TrinoCoordinatorOptions(instance_size="xlarge"),
            # The coordinator's NetworkPolicy admits Trino's own pods; the sample data Job is a client too.
            network_policy=TrinoNetworkPolicyOptions(allow_from=[NetworkPeer(pod_labels={"app.kubernetes.io/name": "trino-sample-data"})]),
            # The internal TLS endpoint (an ALB through EKS Auto Mode) for the certificate's DNS name, when one is given.
            endpoint=TrinoEndpoint.load_balancer(certificate=acm.Certificate.from_certificate_arn(self, "Certificate", certificate_arn))
            if certificate_arn else TrinoEndpoint.none(),
        )
        if not certificate_arn:
            Annotations.of(self).add_warning_v2(
                "quickstart:no-endpoint",
                "No internal TLS endpoint: pass -c quickstart:certificateArn=<ACM certificate ARN> for one; until then, "
                "reach Trino with kubectl port-forward svc/trino -n trino 8080.")

        # Sample data: TPC-H tables written into the warehouse by a Job running Trino's CLI once Trino is up.
        script = "\n".join(f"{sql};" for sql in SAMPLE_DATA_SQL)
        job = eks.KubernetesManifest(
            self, "SampleData",
            cluster=trino.cluster,
            manifest=[{
                "apiVersion": "batch/v1",
                "kind": "Job",
                "metadata": {"name": "trino-sample-data", "namespace": trino.namespace},
                "spec": {
                    "backoffLimit": 12,
                    "ttlSecondsAfterFinished": 86400,
                    "template": {
                        "metadata": {"labels": {"app.kubernetes.io/name": "trino-sample-data"}},
                        "spec": {
                            "restartPolicy": "Never",
                            "automountServiceAccountToken": False,
                            "securityContext": {"runAsNonRoot": True, "runAsUser": 1000, "runAsGroup": 1000,
                                                "seccompProfile": {"type": "RuntimeDefault"}},
                            "containers": [{
                                "name": "load",
                                "image": f"trinodb/trino:{trino.configuration.version.image_tag}",
                                "command": ["trino", "--server", trino.coordinator_uri, "--user", "quickstart", "--execute", script],
                                "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "512Mi"}},
                                "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                                    "capabilities": {"drop": ["ALL"]}},
                            }],
                        },
                    },
                },
            }],
        )
        job.node.add_dependency(trino.chart)

        CfnOutput(self, "LakeBucket", description="The lake bucket (warehouse/)", value=lake.bucket_name)
        CfnOutput(self, "ClusterName", description="The EKS cluster", value=trino.cluster.cluster_name)
