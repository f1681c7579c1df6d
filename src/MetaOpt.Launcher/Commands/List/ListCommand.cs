using System.CommandLine;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;
using Spectre.Console;

namespace MetaOpt.Launcher.Commands.List;

/// <summary><c>metaopt list</c>: the studies in a storage file, with trial counts and best values.</summary>
internal sealed class ListCommand : Command
{
    private readonly Option<string> _storage = CommonOptions.Storage();

    public ListCommand() : base("list", "List the studies in a storage file with their trial counts and best values.")
    {
        Options.Add(_storage);
        SetAction(parse =>
        {
            var path = parse.GetRequiredValue(_storage);
            using var storage = StorageFile.Open(path, create: false);
            var terminal = Terminal.For(parse);
            var studies = storage.GetAllStudies();
            if (studies.Count == 0)
            {
                terminal.Output.WriteLine($"No studies in '{path}' yet: run 'metaopt run <study>'.");
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("study", "definition", "sampler", "trials", "complete", "pruned", "failed", "running", "best", "created (UTC)");
            foreach (var info in studies)
            {
                var trials = storage.GetAllTrials(info.Name);
                var count = (TrialState state) => trials.Count(t => t.State == state).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var values = trials.Where(t => t.State == TrialState.Complete).Select(t => t.Value!.Value).ToList();
                double? best = values.Count == 0 ? null : info.Direction == Direction.Minimize ? values.Min() : values.Max();
                table.AddRow(
                    Markup.Escape(Format.Name(info.Name)),
                    Markup.Escape(Format.Name(Attr(info, StudyRun.SettingAttrs.Definition))),
                    Markup.Escape(Format.Name(Attr(info, StudyRun.SettingAttrs.Sampler))),
                    trials.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    count(TrialState.Complete), count(TrialState.Pruned), count(TrialState.Failed), count(TrialState.Running),
                    Format.Value(best),
                    info.Created.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            }
            terminal.Console.Write(table);
            return ExitCodes.Ok;
        });
    }

    private static string Attr(StudyInfo info, string key) => info.UserAttrs.GetValueOrDefault(key)?.ToString() ?? "-";
}
