using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;

namespace MetaOpt.Launcher.Commands.List;

/// <summary><c>metaopt list</c>: the studies in a storage file, with trial counts and best values.</summary>
internal sealed class ListCommand : Command
{
    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<string> _format = OutputFormat.Option();

    public ListCommand() : base("list", "List the studies in a storage file with their trial counts and best values.")
    {
        this.WithExamples("metaopt list --format json");
        Options.Add(_storage);
        Options.Add(_format);
        SetAction(parse =>
        {
            var path = parse.GetRequiredValue(_storage);
            using var storage = StorageFile.Open(path, create: false);
            var terminal = Terminal.For(parse);
            var studies = storage.GetAllStudies().Select(info => new Summary(info, storage.GetAllTrials(info.Name))).ToList();
            if (parse.GetRequiredValue(_format) == OutputFormat.Json)
                OutputFormat.WriteJson(terminal.Output, json => WriteJson(json, StorageLocation.Describe(path), studies));
            else if (studies.Count == 0)
                terminal.Output.WriteLine($"No studies in '{StorageLocation.Describe(path)}' yet: run 'metaopt run <study>'.");
            else
                WriteTable(terminal, studies);
            return ExitCodes.Ok;
        });
    }

    private static void WriteTable(Terminal terminal, List<Summary> studies)
    {
        var table = new TextTable()
            .Column("study").Column("definition", dropRank: 2).Column("sampler", dropRank: 3)
            .Column("trials", rightAligned: true).Column("complete", rightAligned: true).Column("pruned", rightAligned: true)
            .Column("failed", rightAligned: true).Column("running", rightAligned: true, dropRank: 4)
            .Column("best", rightAligned: true).Column("created (UTC)", dropRank: 1);
        foreach (var s in studies)
            table.Row(
                Format.Name(s.Info.Name), Format.Name(s.Definition), Format.Name(s.Sampler),
                Number(s.Trials.Count), Number(s.Count(TrialState.Complete)), Number(s.Count(TrialState.Pruned)),
                Number(s.Count(TrialState.Failed)), Number(s.Count(TrialState.Running)),
                Format.Value(s.Best), s.Info.Created.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        table.Write(terminal.Output, terminal.Width);
    }

    private static void WriteJson(Utf8JsonWriter json, string path, List<Summary> studies)
    {
        json.WriteStartObject();
        json.WriteString("storage", path);
        json.WriteStartArray("studies");
        foreach (var s in studies)
        {
            json.WriteStartObject();
            json.WriteString("name", s.Info.Name);
            OutputFormat.WriteDirections(json, s.Info.Directions);
            json.WriteString("definition", s.Info.UserAttrs.GetValueOrDefault(StudyRun.SettingAttrs.Definition)?.ToString());
            json.WriteString("sampler", s.Info.UserAttrs.GetValueOrDefault(StudyRun.SettingAttrs.Sampler)?.ToString());
            json.WriteNumber("trials", s.Trials.Count);
            json.WriteNumber("complete", s.Count(TrialState.Complete));
            json.WriteNumber("pruned", s.Count(TrialState.Pruned));
            json.WriteNumber("failed", s.Count(TrialState.Failed));
            json.WriteNumber("running", s.Count(TrialState.Running));
            json.WritePropertyName("best_value");
            if (s.Best is { } best)
                TrialJson.WriteValue(json, best);
            else
                json.WriteNullValue();
            json.WriteString("created", DateTime.SpecifyKind(s.Info.Created, DateTimeKind.Utc));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A stored study with its trials, and what the listing shows of them.</summary>
    private sealed record Summary(StudyInfo Info, IReadOnlyList<FrozenTrial> Trials)
    {
        public string Definition => Info.UserAttrs.GetValueOrDefault(StudyRun.SettingAttrs.Definition)?.ToString() ?? "-";

        public string Sampler => Info.UserAttrs.GetValueOrDefault(StudyRun.SettingAttrs.Sampler)?.ToString() ?? "-";

        public int Count(TrialState state) => Trials.Count(t => t.State == state);

        /// <summary>The best value of a single-objective study; none for a multi-objective one, whose best is a front.</summary>
        public double? Best
        {
            get
            {
                if (Info.IsMultiObjective)
                    return null;
                var values = Trials.Where(t => t.State == TrialState.Complete).Select(t => t.Value!.Value).ToList();
                return values.Count == 0 ? null : Info.Direction.Best(values);
            }
        }
    }
}
