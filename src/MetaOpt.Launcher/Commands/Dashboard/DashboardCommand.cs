using System.CommandLine;
using System.Globalization;
using System.Net;
using MetaOpt.Dashboard;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Dashboard;

/// <summary><c>metaopt dashboard</c>: serves the web dashboard of a storage file or database until Ctrl+C.</summary>
internal sealed class DashboardCommand : Command
{
    private readonly Interruption _interruption;
    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<int> _port = new("--port")
    {
        Description = "The TCP port to serve on (0: any free port).",
        DefaultValueFactory = _ => DashboardOptions.DefaultPort,
        HelpName = "port",
    };
    private readonly Option<string> _host = new("--host")
    {
        Description = "The address to listen on. The dashboard has no authentication: anything but 127.0.0.1, ::1 or localhost lets every machine that reaches the port read every study.",
        DefaultValueFactory = _ => "127.0.0.1",
        HelpName = "address",
    };

    public DashboardCommand(Interruption interruption) : base("dashboard", "Serve a live web dashboard of the studies in a storage file or database (read only).")
    {
        this.WithExamples("metaopt dashboard --port 8080");
        _interruption = interruption;
        _port.Validators.Add(result =>
        {
            var port = result.GetValueOrDefault<int>();
            if (port is < 0 or > IPEndPoint.MaxPort)
                result.AddError($"--port must be from 0 to {IPEndPoint.MaxPort}, not {port}");
        });
        _host.Validators.Add(result =>
        {
            var host = result.GetValueOrDefault<string>();
            if (host != "localhost" && !IPAddress.TryParse(host, out _))
                result.AddError($"--host must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::) or localhost, not '{host}'");
        });
        Options.Add(_storage);
        Options.Add(_port);
        Options.Add(_host);
        SetAction(Execute);
    }

    private int Execute(ParseResult parse)
    {
        var terminal = Terminal.For(parse);
        var path = parse.GetRequiredValue(_storage);
        var options = new DashboardOptions { Host = parse.GetRequiredValue(_host), Port = parse.GetValue(_port) };
        // Opened read-only (a file) or as one more reader (a database, given MetaOpt's tables if it has none yet, so the
        // dashboard can be started before the first run): the dashboard never changes a study.
        using var storage = StorageFile.OpenBeforeWriters(path);
        // Serving lasts until Ctrl+C or SIGTERM, which stop the server and close the file before the exit code.
        var stop = _interruption.Listen();

        using var server = Start(storage, options);
        // A database URL is shown without its password: these lines end up in logs and terminals.
        var shown = StorageLocation.Describe(path);
        if (!options.IsLoopback)
            terminal.Error.WriteLine($"metaopt: warning: listening on {options.Host} with no authentication: anyone who can reach port {server.Port} can read every study in '{shown}'");
        terminal.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dashboard of '{shown}' at {server.Url} (read only; Ctrl+C stops it)"));
        stop.WaitHandle.WaitOne();
        return _interruption.ExitCode;
    }

    /// <summary>Starts the dashboard on a storage, or fails with one line naming the address; also what 'run --dashboard' uses.</summary>
    internal static DashboardServer Start(IStorage storage, DashboardOptions options)
    {
        try
        {
            return DashboardServer.Start(storage, options);
        }
        catch (IOException e)
        {
            throw LauncherException.Failure($"cannot listen on {options.Host}:{options.Port}: {e.Message.ReplaceLineEndings(" ")} Pass another --port (or --port 0 for any free one).", e);
        }
    }
}
