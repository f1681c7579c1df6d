using MetaOpt.Launcher.Cli;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>A live-updating panel for a person at a terminal: totals, best so far, running trials and their epochs.</summary>
internal sealed class LiveProgressDisplay(RunProgress progress, IAnsiConsole console, string settings) : ProgressDisplay(progress)
{
    private const int RecentShown = 6;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);
    private readonly Queue<string> _recent = new();

    public override StopReason Show(Task<StopReason> optimization) =>
        console.Live(Render()).AutoClear(false).Start(context =>
        {
            while (!optimization.Wait(RefreshInterval))
                context.UpdateTarget(Render());
            context.UpdateTarget(Render());
            return optimization.GetAwaiter().GetResult();
        });

    protected override void OnFinished(FrozenTrial trial)
    {
        var line = $"#{trial.Number} {Format.Outcome(trial)}  {Format.Params(trial.Params)}";
        lock (_recent)
        {
            _recent.Enqueue(line);
            while (_recent.Count > RecentShown)
                _recent.Dequeue();
        }
    }

    private IRenderable Render()
    {
        var best = Progress.Best;
        var header = new Markup(
            $"[bold]{Markup.Escape(Format.Name(Progress.Study.Name))}[/]  {Markup.Escape(settings)}\n" +
            $"trials [bold]{Progress.Done}/{Progress.Total}[/]   " +
            (Progress.FrontSize is { } front
                ? $"front [green]{front}[/]"
                : $"best [green]{Format.Value(best?.Value)}[/]" + (best is null ? "" : $" (trial {best.Number})")) +
            $"   elapsed {Format.Duration(Progress.Elapsed)}   remaining ~{Format.Duration(Progress.Remaining())}");
        var running = new Table().Border(TableBorder.Simple).AddColumns("running", "epoch", "for", "device");
        foreach (var (number, epochsDone, runningFor, device) in Progress.Running())
            running.AddRow($"#{number}", Progress.Epochs > 0 ? $"{epochsDone}/{Progress.Epochs}" : "-", Format.Duration(runningFor), device ?? "-");
        string[] recent;
        lock (_recent)
            recent = _recent.ToArray();
        var finished = new Rows(recent.Select(r => new Text(r)).DefaultIfEmpty(new Text("(no trial finished yet)")));
        return new Panel(new Rows(header, running, new Markup("[dim]recently finished[/]"), finished))
            .Header("metaopt run").Border(BoxBorder.Rounded);
    }
}
