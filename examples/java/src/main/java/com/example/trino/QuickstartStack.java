package com.example.trino;

import io.github.cdktrinoeks.BucketAccess;
import io.github.cdktrinoeks.Catalog;
import io.github.cdktrinoeks.CatalogStorageAccess;
import io.github.cdktrinoeks.CreatedMetastoreOptions;
import io.github.cdktrinoeks.ThriftMetastoreCatalogOptions;
import io.github.cdktrinoeks.LoadBalancerEndpointOptions;
import io.github.cdktrinoeks.NetworkPeer;
import io.github.cdktrinoeks.TrinoCluster;
import io.github.cdktrinoeks.TrinoClusterOptions;
import io.github.cdktrinoeks.TrinoCoordinatorOptions;
import io.github.cdktrinoeks.TrinoEndpoint;
import io.github.cdktrinoeks.TrinoMetastore;
import io.github.cdktrinoeks.TrinoNetworkPolicyOptions;
import io.github.cdktrinoeks.TrinoOnEks;
import io.github.cdktrinoeks.TrinoVersion;
import io.github.cdktrinoeks.TrinoWorkerAutoscalingOptions;
import io.github.cdktrinoeks.TrinoWorkersOptions;
import io.github.cdktrinoeks.WarehouseLocation;
import io.github.cdktrinoeks.WorkerShutdownOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.cdk.lambdalayer.kubectl.v35.KubectlV35Layer;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.eks_v2.KubernetesManifest;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/** The quickstart's stack, as in examples/quickstart (TypeScript), written against the Java package. */
public class QuickstartStack extends Stack {
    private static final String WAREHOUSE_PREFIX = "warehouse";
    private static final List<String> SAMPLE_DATA_SQL = List.of(
            "CREATE SCHEMA IF NOT EXISTS hive.samples",
            "CREATE TABLE IF NOT EXISTS hive.samples.nation WITH (format = 'PARQUET') AS SELECT * FROM tpch.tiny.nation",
            "CREATE SCHEMA IF NOT EXISTS iceberg.iceberg_samples",
            "CREATE TABLE IF NOT EXISTS iceberg.iceberg_samples.orders AS SELECT * FROM tpch.tiny.orders");
    private static final List<String> PACKS = List.of("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321");

    public QuickstartStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        // Access logs of the lake: their own bucket (SSE-S3: server access logging cannot deliver to SSE-KMS).
        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .expiration(Duration.days(365)).noncurrentVersionExpiration(Duration.days(30)).build()))
                .build();
        List<Acknowledgment> logAcks = new ArrayList<>();
        logAcks.addAll(inAllPacks("AwsSolutions-S1", "S3BucketLoggingEnabled",
                "This bucket receives the lake bucket's server access logs; logging it to itself would loop."));
        logAcks.addAll(inAllPacks(null, "S3DefaultEncryptionKMS",
                "S3 server access logging delivers only to buckets encrypted with SSE-S3 (AES-256), not SSE-KMS."));
        logAcks.addAll(inAllPacks(null, "S3BucketReplicationEnabled",
                "Access logs are versioned and kept for a year; a cross-region replica is not needed for this example."));
        Validations.of(accessLogs).acknowledge(logAcks.toArray(new Acknowledgment[0]));

        // The lake: the warehouse, KMS-encrypted, versioned, retained on stack deletion.
        Key lakeKey = Key.Builder.create(this, "LakeKey")
                .description("Trino quickstart: lake bucket").enableKeyRotation(true).removalPolicy(RemovalPolicy.RETAIN).build();
        Bucket lake = Bucket.Builder.create(this, "Lake")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(lakeKey)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("lake/")
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .noncurrentVersionExpiration(Duration.days(30))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1)).build()))
                .build();
        Validations.of(lake).acknowledge(inAllPacks(null, "S3BucketReplicationEnabled",
                "The quickstart keeps its lake in one region (versioned, retained); add a replication rule for production data.")
                .toArray(new Acknowledgment[0]));

        CatalogStorageAccess warehouse = CatalogStorageAccess.builder()
                .bucketName(lake.getBucketName()).prefixes(List.of(WAREHOUSE_PREFIX)).access(BucketAccess.READ_WRITE).build();
        ThriftMetastoreCatalogOptions onMetastore = ThriftMetastoreCatalogOptions.builder()
                .metastoreUri(TrinoOnEks.CREATED_METASTORE_URI).storageAccess(List.of(warehouse)).build();
        String certificateArn = (String) this.getNode().tryGetContext("quickstart:certificateArn");
        TrinoOnEks trino = TrinoOnEks.Builder.create(this, "Trino")
                .cluster(TrinoCluster.create(TrinoClusterOptions.builder().kubectlLayer(new KubectlV35Layer(this, "Kubectl")).build()))
                .version(TrinoVersion.LATEST)
                // Creates the Hive Metastore (RDS PostgreSQL, private, encrypted, rotated credentials) for this warehouse.
                .metastore(TrinoMetastore.create(CreatedMetastoreOptions.builder()
                        .warehouse(WarehouseLocation.fromBucket(lake, WAREHOUSE_PREFIX)).build()))
                .catalogs(List.of(Catalog.hive(onMetastore), Catalog.iceberg(onMetastore), Catalog.tpch()))
                .buckets(List.of(lake))
                .workers(TrinoWorkersOptions.builder()
                        .maxCount(2)
                        .instanceSize("2xlarge")
                        // Graviton memory-optimized workers with NVMe: Trino's file-system cache and spill live on it.
                        .graviton(true)
                        // 2 x 10 s grace + 1 min longest task + 30 s margin = 110 s: fits the two-minute spot notice.
                        .gracefulShutdown(WorkerShutdownOptions.builder()
                                .gracePeriod(Duration.seconds(10)).longestTask(Duration.minutes(1)).build())
                        // Workers follow the queries (KEDA), down to none when idle; a query then waits for a worker.
                        .autoscaling(TrinoWorkerAutoscalingOptions.builder().build())
                        .build())
                .coordinator(TrinoCoordinatorOptions.builder().instanceSize("xlarge").build())
                // The coordinator's NetworkPolicy admits Trino's own pods; the sample data Job is a client too.
                .networkPolicy(TrinoNetworkPolicyOptions.builder().allowFrom(List.of(NetworkPeer.builder()
                        .podLabels(Map.of("app.kubernetes.io/name", "trino-sample-data")).build())).build())
                // The internal TLS endpoint (an ALB through EKS Auto Mode) for the certificate's DNS name, when one is given.
                .endpoint(certificateArn != null
                        ? TrinoEndpoint.loadBalancer(LoadBalancerEndpointOptions.builder()
                                .certificate(Certificate.fromCertificateArn(this, "Certificate", certificateArn)).build())
                        : TrinoEndpoint.none())
                .build();
        if (certificateArn == null) {
            Annotations.of(this).addWarningV2("quickstart:no-endpoint", "No internal TLS endpoint: pass -c quickstart:certificateArn=<ACM "
                    + "certificate ARN> for one; until then, reach Trino with kubectl port-forward svc/trino -n trino 8080.");
        }

        // Sample data: TPC-H tables written into the warehouse by a Job running Trino's CLI once Trino is up.
        String script = String.join(";\n", SAMPLE_DATA_SQL) + ";";
        Map<String, Object> container = Map.of(
                "name", "load",
                "image", "trinodb/trino:" + trino.getConfiguration().getVersion().getImageTag(),
                "command", List.of("trino", "--server", trino.getCoordinatorUri(), "--user", "quickstart", "--execute", script),
                "resources", Map.of("requests", Map.of("cpu", "250m", "memory", "512Mi"), "limits", Map.of("memory", "512Mi")),
                "securityContext", Map.of("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true,
                        "capabilities", Map.of("drop", List.of("ALL"))));
        Map<String, Object> job = Map.of(
                "apiVersion", "batch/v1",
                "kind", "Job",
                "metadata", Map.of("name", "trino-sample-data", "namespace", trino.getNamespace()),
                "spec", Map.of(
                        "backoffLimit", 12,
                        "ttlSecondsAfterFinished", 86400,
                        "template", Map.of(
                                "metadata", Map.of("labels", Map.of("app.kubernetes.io/name", "trino-sample-data")),
                                "spec", Map.of(
                                        "restartPolicy", "Never",
                                        "automountServiceAccountToken", false,
                                        "securityContext", Map.of("runAsNonRoot", true, "runAsUser", 1000, "runAsGroup", 1000,
                                                "seccompProfile", Map.of("type", "RuntimeDefault")),
                                        "containers", List.of(container)))));
        KubernetesManifest sampleData = KubernetesManifest.Builder.create(this, "SampleData")
                .cluster(trino.getCluster()).manifest(List.of(job)).build();
        sampleData.getNode().addDependency(trino.getChart());

        CfnOutput.Builder.create(this, "LakeBucket").description("The lake bucket (warehouse/)").value(lake.getBucketName()).build();
        CfnOutput.Builder.create(this, "ClusterName").description("The EKS cluster").value(trino.getCluster().getClusterName()).build();
    }

    /** The acknowledgements of one rule in the four packs (AwsSolutions has its own rule id, or none). */
    private static List<Acknowledgment> inAllPacks(final String awsSolutions, final String rule, final String reason) {
        List<Acknowledgment> acks = new ArrayList<>();
        if (awsSolutions != null) acks.add(Acknowledgment.builder().id(awsSolutions).reason(reason).build());
        for (String pack : PACKS) acks.add(Acknowledgment.builder().id(pack + "-" + rule).reason(reason).build());
        return acks;
    }
}
