using System.CommandLine;
using System.Globalization;
using MetaOpt.Launcher.Cli;
using MetaOpt.Studies;
using Spectre.Console;

namespace MetaOpt.Launcher.Commands.Show;

/// <summary><c>metaopt show &lt;study&gt;</c>: the trials of a stored study as a table.</summary>
internal sealed class ShowCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<string> _sort = CommonOptions.Choice("--sort", "Order of the rows: best value first, or trial number", ["number", "value"], "number");

    public ShowCommand() : base("show", "Show the trials of a study as a table.")
    {
        Arguments.Add(_study);
        Options.Add(_storage);
        Options.Add(_sort);
        SetAction(parse =>
        {
            var path = parse.GetRequiredValue(_storage);
            using var storage = StorageFile.Open(path, create: false);
            var study = StorageFile.LoadStudy(storage, parse.GetRequiredValue(_study), path);
            var trials = parse.GetRequiredValue(_sort) == "value" ? ByValue(study) : study.Trials;
            var parameters = trials.SelectMany(t => t.Params.Keys).Distinct().ToList();
            var table = new Table().Border(TableBorder.Simple).AddColumns("#", "state", "value");
            foreach (var name in parameters)
                table.AddColumn(Markup.Escape(name));
            table.AddColumns("epochs", "seconds");
            foreach (var trial in trials)
            {
                var cells = new List<string> { trial.Number.ToString(CultureInfo.InvariantCulture), trial.State.ToString(), Format.Value(trial.Value) };
                cells.AddRange(parameters.Select(p => trial.Params.TryGetValue(p, out var v) ? Markup.Escape(Format.Param(v)) : "-"));
                cells.Add(trial.IntermediateValues.Count == 0 ? "-" : trial.IntermediateValues.Count.ToString(CultureInfo.InvariantCulture));
                cells.Add(trial.UserAttrs.GetValueOrDefault(TrialAttributes.Seconds) is double seconds
                    ? seconds.ToString("F1", CultureInfo.InvariantCulture)
                    : "-");
                table.AddRow(cells.ToArray());
            }
            Terminal.For(parse).Console.Write(table);
            return ExitCodes.Ok;
        });
    }

    /// <summary>Best value first in the study's direction; trials without a value (failed, running) last, by number.</summary>
    private static IReadOnlyList<FrozenTrial> ByValue(Study study)
    {
        var sign = study.Direction == Direction.Minimize ? 1 : -1;
        return study.Trials
            .OrderBy(t => t.Value is null)
            .ThenBy(t => t.Value is { } v ? sign * v : 0)
            .ThenBy(t => t.Number)
            .ToList();
    }
}
