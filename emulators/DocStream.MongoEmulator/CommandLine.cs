using System.Globalization;

namespace DocStream.MongoEmulator;

/// <summary>Parses the emulator's command line, falling back to environment variables.</summary>
internal static class CommandLine
{
    public const string Usage = """
        DocStream MongoDB emulator - a DEVELOPMENT STAND-IN for MongoDB 7.0, not a database for production.
        It speaks the MongoDB wire protocol on 127.0.0.1 and keeps data in a journal on disk.

        Usage: DocStream.MongoEmulator [options]

          --port N          TCP port (default: $PORT, else 27017; 0 picks a free port)
          --data-dir PATH   data directory (default: $MONGO_EMULATOR_DATA_DIR, else ./.data/mongo)
          --username NAME   require SCRAM authentication as NAME (default: $MONGO_EMULATOR_USERNAME)
          --password PASS   password for --username (default: $MONGO_EMULATOR_PASSWORD)
          --enable-test-commands
                            accept configureFailPoint (failCommand), for tests only
          --help            show this text
        """;

    /// <summary>Returns the options, or null with an error message (or null error when help was asked for).</summary>
    public static MongoEmulatorOptions? Parse(string[] args, Func<string, string?> env, out string? error, out bool help)
    {
        error = null;
        help = false;
        var options = new MongoEmulatorOptions
        {
            DataDirectory = env("MONGO_EMULATOR_DATA_DIR") is { Length: > 0 } dir ? dir : Path.Combine(".", ".data", "mongo"),
            Username = NullIfEmpty(env("MONGO_EMULATOR_USERNAME")),
            Password = NullIfEmpty(env("MONGO_EMULATOR_PASSWORD")),
        };
        var portText = NullIfEmpty(env("PORT")) ?? "27017";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                help = true;
                return null;
            }
            if (arg is "--enable-test-commands")
            {
                options.EnableTestCommands = true;
                continue;
            }
            if (arg is not ("--port" or "--data-dir" or "--username" or "--password"))
            {
                error = $"unknown argument '{arg}'";
                return null;
            }
            if (i + 1 >= args.Length)
            {
                error = $"{arg} needs a value";
                return null;
            }
            var value = args[++i];
            switch (arg)
            {
                case "--port":
                    portText = value;
                    break;
                case "--data-dir":
                    options.DataDirectory = value;
                    break;
                case "--username":
                    options.Username = value;
                    break;
                case "--password":
                    options.Password = value;
                    break;
            }
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"invalid port '{portText}'";
            return null;
        }
        options.Port = port;
        if ((options.Username is null) != (options.Password is null))
        {
            error = "--username and --password must be given together";
            return null;
        }
        return options;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
