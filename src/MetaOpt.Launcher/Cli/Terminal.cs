using System.CommandLine;
using Spectre.Console;

namespace MetaOpt.Launcher.Cli;

/// <summary>Where a command writes: the invocation's output and error writers, and whether a person is watching.</summary>
/// <remarks>
/// The writers come from the invocation configuration rather than <see cref="Console"/>, so tests run commands in
/// process with captured output. Live displays and colours are used only when the output is the real console
/// and it is not redirected; otherwise output is plain lines that logs and CI keep readable.
/// </remarks>
internal sealed class Terminal
{
    private const int PlainWidth = 160;

    private Terminal(TextWriter output, TextWriter error, bool interactive)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (!interactive)
            Console.Profile.Width = PlainWidth;
    }

    /// <summary>Standard output of the command.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error of the command.</summary>
    public TextWriter Error { get; }

    /// <summary>True when a person watches a real terminal: live progress and colours are welcome.</summary>
    public bool Interactive { get; }

    /// <summary>
    /// How many columns tables may use: the console's width when a person watches, else <c>COLUMNS</c> when set (so
    /// <c>COLUMNS=80 metaopt show ... &gt; file</c> fits 80 columns), else 160, which keeps logs on one line per row.
    /// </summary>
    public int Width => Interactive && System.Console.WindowWidth > 0 ? System.Console.WindowWidth
        : int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns
        : PlainWidth;

    /// <summary>Spectre.Console on <see cref="Output"/>, for tables and live displays.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>The terminal of a parsed command line.</summary>
    public static Terminal For(ParseResult parseResult)
    {
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        var interactive = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        return new Terminal(output, configuration.Error, interactive);
    }
}
