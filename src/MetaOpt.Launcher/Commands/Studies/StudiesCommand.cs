using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;
using MetaOpt.Launcher.UserStudies;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.Studies;

/// <summary><c>metaopt studies</c>: the study definitions this build knows.</summary>
internal sealed class StudiesCommand : Command
{
    private readonly Option<string> _format = OutputFormat.Option();
    private readonly Option<string> _studies = CommonOptions.Studies();

    public StudiesCommand() : base("studies", "List the studies defined in code, built-in and your own, with their defaults.")
    {
        this.WithExamples("metaopt studies");
        Options.Add(_format);
        Options.Add(_studies);
        SetAction(parse =>
        {
            var terminal = Terminal.For(parse);
            var set = StudySet.Load(StudiesLocation.Resolve(parse.GetValue(_studies), storagePath: null), parse.InvocationConfiguration.Error);
            if (parse.GetRequiredValue(_format) == OutputFormat.Json)
            {
                OutputFormat.WriteJson(terminal.Output, json => WriteJson(json, set));
                return ExitCodes.Ok;
            }
            // Parameters and description break between words; on a narrow terminal the defaults leave first.
            // A "from" column only when the user's own studies are listed beside the built-in ones.
            var table = new TextTable().Column("study");
            if (set.Source is not null)
                table.Column("from");
            table.Column("data")
                .Column("sampler", dropRank: 4).Column("pruner", dropRank: 1)
                .Column("trials", rightAligned: true, dropRank: 3).Column("epochs", rightAligned: true, dropRank: 2)
                .Column("parameters", wrap: true).Column("description", wrap: true);
            foreach (var d in set.All)
            {
                List<string> cells = [d.Name];
                if (set.Source is not null)
                    cells.Add(StudySet.IsUsers(d) ? Path.GetFileName(set.Source) : "built-in");
                cells.AddRange([
                    d.Data.Name,
                    SamplerRegistry.Names.NameOf(d.DefaultSampler),
                    PrunerRegistry.Names.NameOf(d.DefaultPruner),
                    d.DefaultTrialCount.ToString(CultureInfo.InvariantCulture),
                    d.Epochs == 0 ? "-" : d.Epochs.ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", d.SearchSpace.Keys),
                    d.Description]);
                table.Row([.. cells]);
            }
            table.Write(terminal.Output, terminal.Width);
            foreach (var data in set.All.Select(d => d.Data).Where(d => d != DataRequirement.None).Distinct())
                terminal.Output.WriteLine($"{data.Name} studies need --data DIR ({data.Directory}).");
            return ExitCodes.Ok;
        });
    }

    private static void WriteJson(Utf8JsonWriter json, StudySet set)
    {
        json.WriteStartObject();
        json.WriteStartArray("studies");
        foreach (var d in set.All)
        {
            json.WriteStartObject();
            json.WriteString("name", d.Name);
            json.WriteString("from", StudySet.IsUsers(d) ? set.Source : "built-in");
            json.WriteString("description", d.Description);
            OutputFormat.WriteDirections(json, d.Directions);
            json.WriteString("data", d.Data.Name.ToLowerInvariant());
            json.WriteString("sampler", SamplerRegistry.Names.NameOf(d.DefaultSampler));
            json.WriteString("pruner", PrunerRegistry.Names.NameOf(d.DefaultPruner));
            json.WriteNumber("trials", d.DefaultTrialCount);
            json.WriteNumber("epochs", d.Epochs);
            json.WriteStartArray("parameters");
            foreach (var name in d.SearchSpace.Keys)
                json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
