using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace DocStream.KafkaEmulator;

/// <summary>
/// P/Invoke into librdkafka's mock cluster (<c>rdkafka_mock.h</c>), which Confluent.Kafka does not expose.
/// On Linux the <c>centos8</c> build is used: the default <c>librdkafka.so</c> of librdkafka.redist needs
/// <c>libsasl2.so.3</c>, which Debian 12 lacks.
/// </summary>
internal static partial class NativeMockCluster
{
    private const string Library = "docstream-rdkafka";

    static NativeMockCluster() => NativeLibrary.SetDllImportResolver(typeof(NativeMockCluster).Assembly, Resolve);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library)]
    public static partial int rd_kafka_conf_set(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string value, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library)]
    public static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_topic_create(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic,
        int partitionCount, int replicationFactor);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_err2str(int err);

    public static string ErrorText(byte[] errstr) => Encoding.UTF8.GetString(errstr).TrimEnd('\0');

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }
        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }
        throw new DllNotFoundException(
            "librdkafka was not found next to the emulator (runtimes/<rid>/native). Build the project so librdkafka.redist is copied.");
    }

    private static IEnumerable<string> Candidates()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes");
        var arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        if (OperatingSystem.IsLinux())
        {
            yield return Path.Combine(native, $"linux-{arch}", "native", "centos8-librdkafka.so");
            yield return Path.Combine(native, $"linux-{arch}", "native", "librdkafka.so");
            yield return Path.Combine(native, $"linux-{arch}", "native", "alpine-librdkafka.so");
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return Path.Combine(native, $"osx-{arch}", "native", "librdkafka.dylib");
        }
        else if (OperatingSystem.IsWindows())
        {
            yield return Path.Combine(native, $"win-{arch}", "native", "librdkafka.dll");
        }
    }
}
