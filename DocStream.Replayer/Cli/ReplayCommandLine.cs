using System.CommandLine;

namespace DocStream.Replayer.Cli;

/// <summary>Parses the arguments: <c>--help</c> is answered here, bad values give a message and exit code 2.</summary>
public static class ReplayCommandLine
{
    /// <summary>The options to run with, or the exit code to stop with (help shown, or a usage error printed).</summary>
    public static (ReplayOptions? Options, int ExitCode) Parse(string[] args, ReplayEnvironment environment, TextWriter output, TextWriter error)
    {
        var command = new ReplayCommand();
        var parse = command.Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }
            error.WriteLine("Run with --help to see the options.");
            return (null, ExitCodes.UsageError);
        }
        if (parse.Action is not null)
        {
            // --help or --version
            var exit = parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return (null, exit);
        }

        var errors = new List<string>();
        var options = ReplayOptionsBinder.Bind(parse, command, environment, errors);
        if (options is null)
        {
            foreach (var message in errors)
            {
                error.WriteLine($"error: {message}");
            }
            error.WriteLine("Run with --help to see the options.");
            return (null, ExitCodes.UsageError);
        }
        return (options, ExitCodes.Success);
    }
}
