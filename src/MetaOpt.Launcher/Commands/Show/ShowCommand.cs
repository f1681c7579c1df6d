using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Best;
using MetaOpt.Studies;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.Show;

/// <summary><c>metaopt show &lt;study&gt;</c>: the trials of a stored study as a table.</summary>
internal sealed class ShowCommand : Command
{
    private static readonly string[] States = ["complete", "pruned", "failed", "running", "waiting"];

    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<string> _sort = TextOptions.Choice("--sort",
        "Order of the rows: best value first (a multi-objective study's Pareto front first, then each next front), or trial number", ["number", "value"], "number");
    private readonly Option<string> _state = TextOptions.Choice("--state", "Only the trials in this state", States);

    private readonly Option<int?> _limit = NumberOptions.OptionalWhole("--limit",
        "Show only the first N rows in the --sort order (with --sort value, the best N).", 1, int.MaxValue);

    private readonly Option<string> _format = OutputFormat.Option();

    public ShowCommand() : base("show", "Show the trials of a study as a table.")
    {
        this.WithExamples("metaopt show functions-branin --sort value --limit 10");
        Arguments.Add(_study);
        Options.Add(_storage);
        Options.Add(_sort);
        Options.Add(_state);
        Options.Add(_limit);
        Options.Add(_format);
        SetAction(parse =>
        {
            var path = parse.GetRequiredValue(_storage);
            using var storage = StorageFile.Open(path, create: false);
            var study = StorageFile.LoadStudy(storage, parse.GetRequiredValue(_study), path);
            IEnumerable<FrozenTrial> selected = parse.GetRequiredValue(_sort) == "value" ? ByValue(study) : study.Trials;
            if (parse.GetValue(_state) is { } state)
                selected = selected.Where(t => t.State.ToString().Equals(state, StringComparison.OrdinalIgnoreCase));
            var matching = selected.ToList();
            var trials = parse.GetValue(_limit) is { } limit ? matching.Take(limit).ToList() : matching;
            var terminal = Terminal.For(parse);
            if (parse.GetRequiredValue(_format) == OutputFormat.Json)
            {
                OutputFormat.WriteJson(terminal.Output, json => WriteJson(json, study, trials));
                return ExitCodes.Ok;
            }
            // A multi-objective study ranks no configuration by one mean: its rows mark the Pareto front instead.
            WriteTable(terminal, trials, study.IsMultiObjective ? [] : study.Configurations,
                study.IsMultiObjective ? study.BestTrials.Select(t => t.Number).ToHashSet() : null, study.Directions.Count);
            if (trials.Count < matching.Count)
                terminal.Output.WriteLine($"({trials.Count} of {matching.Count} trials shown; raise --limit for more)");
            return ExitCodes.Ok;
        });
    }

    private static void WriteTable(
        Terminal terminal, IReadOnlyList<FrozenTrial> trials, IReadOnlyList<ConfigurationResult> configurations, HashSet<int>? front, int objectives)
    {
        var parameters = trials.SelectMany(t => t.Params.Keys).Distinct().ToList();
        // A repeat's row names the configuration it repeats ("of"), and a repeated configuration's first row its mean
        // over its repeats and how many there are ("mean (n)"): columns shown only in a study with repeats.
        var repeated = configurations.Where(c => c.Repeats > 1).ToDictionary(c => c.Configuration);
        var withRepeats = repeated.Count > 0 || trials.Any(t => t.Configuration != t.Number);
        // Under the auto sampler, which of its samplers proposed each trial.
        var withSampler = trials.Any(t => t.SystemAttrs.ContainsKey(AutoSampler.SamplerAttr));
        // When the table is too wide, the seconds leave first, then the epochs, the sampler, then parameters from the last one.
        var table = new TextTable().Column("#", rightAligned: true).Column("state");
        // One column per objective in a multi-objective study, and a mark on the trials of its Pareto front.
        if (objectives == 1)
            table.Column("value", rightAligned: true);
        for (var i = 0; i < objectives && objectives > 1; i++)
            table.Column($"value {i.ToString(CultureInfo.InvariantCulture)}", rightAligned: true);
        if (front is not null)
            table.Column("front");
        if (withRepeats)
            table.Column("of", rightAligned: true).Column("mean (n)", rightAligned: true);
        for (var p = 0; p < parameters.Count; p++)
            table.Column(Format.Name(parameters[p]), rightAligned: true, dropRank: 4 + parameters.Count - p);
        if (withSampler)
            table.Column("sampler", dropRank: 3);
        table.Column("epochs", rightAligned: true, dropRank: 2).Column("seconds", rightAligned: true, dropRank: 1);
        foreach (var trial in trials)
        {
            var cells = new List<string> { trial.Number.ToString(CultureInfo.InvariantCulture), trial.State.ToString() };
            cells.AddRange(objectives == 1
                ? [Format.Value(trial.Value)]
                : Enumerable.Range(0, objectives).Select(i => trial.Values is { } values && i < values.Count ? Format.Value(values[i]) : "-"));
            if (front is not null)
                cells.Add(front.Contains(trial.Number) ? "*" : "");
            if (withRepeats)
            {
                cells.Add(trial.Configuration == trial.Number ? "" : "#" + trial.Configuration.ToString(CultureInfo.InvariantCulture));
                cells.Add(trial.Configuration == trial.Number && repeated.TryGetValue(trial.Number, out var group)
                    ? $"{Format.Value(group.Objective.Mean)} ({group.Repeats.ToString(CultureInfo.InvariantCulture)})"
                    : "");
            }
            cells.AddRange(parameters.Select(p => trial.Params.TryGetValue(p, out var v) ? Format.Name(Format.Param(v)) : "-"));
            if (withSampler)
                cells.Add(trial.SystemAttrs.GetValueOrDefault(AutoSampler.SamplerAttr) as string ?? "-");
            cells.Add(trial.IntermediateValues.Count == 0 ? "-" : trial.IntermediateValues.Count.ToString(CultureInfo.InvariantCulture));
            cells.Add(trial.UserAttrs.GetValueOrDefault(TrialAttributes.Seconds) is double seconds
                ? seconds.ToString("F1", CultureInfo.InvariantCulture)
                : "-");
            table.Row(cells.ToArray());
        }
        table.Write(terminal.Output, terminal.Width);
        foreach (var line in ConfirmationText.Lines(configurations))
            terminal.Output.WriteLine(line);
        // The table has no room for a sentence; each failed trial's reason follows it, on one line.
        foreach (var failed in trials.Where(t => t.State == TrialState.Failed && t.FailReason is not null))
            terminal.Output.WriteLine($"trial {failed.Number} {Format.Outcome(failed)}");
    }

    private static void WriteJson(Utf8JsonWriter json, Study study, IReadOnlyList<FrozenTrial> trials)
    {
        json.WriteStartObject();
        json.WriteString("study", study.Name);
        OutputFormat.WriteDirections(json, study.Directions);
        json.WriteStartArray("trials");
        foreach (var trial in trials)
            TrialJson.Write(json, trial);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Best value first in the study's direction (in a multi-objective study, by non-dominated front, the Pareto front
    /// first); trials without a value (failed, running) last, by number.
    /// </summary>
    private static IReadOnlyList<FrozenTrial> ByValue(Study study)
    {
        if (study.IsMultiObjective)
        {
            var valued = study.Trials.Where(t => t.Values?.Count == study.Directions.Count).ToList();
            var fronts = Pareto.NonDominatedSort(valued.Select(t => t.Values!).ToList(), study.Directions);
            var rank = fronts.SelectMany((front, k) => front.Select(i => (valued[i].Number, k))).ToDictionary(p => p.Number, p => p.k);
            return study.Trials.OrderBy(t => rank.GetValueOrDefault(t.Number, int.MaxValue)).ThenBy(t => t.Number).ToList();
        }
        var sign = study.Direction.Sign();
        return study.Trials
            .OrderBy(t => t.Value is null)
            .ThenBy(t => t.Value is { } v ? sign * v : 0)
            .ThenBy(t => t.Number)
            .ToList();
    }
}
