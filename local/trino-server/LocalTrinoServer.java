// The main class of the Trino server scripts/trino-assemble.sh puts together from Maven Central's module jars,
// where the release's own (io.trino:trino-server-main) is not served. Like it, it refuses a Java older than the one
// Trino's classes are compiled for, then starts io.trino.server.Server with the version of trino-main's manifest.
// The configuration comes from the system properties the caller passes (-Dconfig=..., -Dnode.*=..., ...).
// Trino is reached by reflection, so that any JDK 17 or newer compiles this class, whatever Java Trino needs.
package local.trino;

import java.io.DataInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;

public final class LocalTrinoServer {
    private LocalTrinoServer() {}

    public static void main(String[] args) throws Throwable {
        int required;
        try (InputStream in = ClassLoader.getSystemResourceAsStream("io/trino/server/Server.class")) {
            if (in == null) {
                System.err.println("ERROR: io.trino.server.Server is not on the class path (the server's lib/*)");
                System.exit(100);
            }
            DataInputStream header = new DataInputStream(in);
            header.readInt(); // magic
            header.readUnsignedShort(); // minor version
            required = header.readUnsignedShort() - 44; // class file major version → Java release
        }
        if (Runtime.version().feature() < required) {
            System.err.printf("ERROR: Trino requires Java %d+ (found %s)%n", required, Runtime.version());
            System.exit(100);
        }
        Class<?> server = Class.forName("io.trino.server.Server");
        String version = server.getPackage().getImplementationVersion();
        try {
            server.getMethod("start", String.class).invoke(server.getConstructor().newInstance(), version == null ? "unknown" : version);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
