using Microsoft.Extensions.Hosting;

namespace MetaOpt.Dashboard.Api;

/// <summary>
/// A host lifetime that ignores Ctrl+C and SIGTERM: the process that embeds the dashboard (a running study, the
/// launcher) decides when to stop, and the default console lifetime would stop the server under it.
/// </summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
