using Microsoft.Extensions.Logging;

namespace MetaOpt.Launcher.Cli;

/// <summary>
/// The library's log messages as the launcher prints them on standard error, one line each: "metaopt: warning: ..."
/// for a warning, "metaopt: ..." for information (a database being waited for); nothing below information.
/// </summary>
internal sealed class StderrLogger(TextWriter error) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and < LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
            return;
        var label = logLevel switch
        {
            LogLevel.Information => "",
            LogLevel.Warning => "warning: ",
            _ => "error: ",
        };
        error.WriteLine($"metaopt: {label}{formatter(state, exception)}");
    }
}
