using System.CommandLine;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;
using MetaOpt.Launcher.UserStudies;
using MetaOpt.Studies;
using Spectre.Console;

namespace MetaOpt.Launcher.Commands.Studies;

/// <summary><c>metaopt studies</c>: the study definitions this build knows.</summary>
internal sealed class StudiesCommand : Command
{
    private readonly Option<string> _studies = CommonOptions.Studies();

    public StudiesCommand() : base("studies", "List the studies defined in code, built-in and your own, with their defaults.")
    {
        Options.Add(_studies);
        SetAction(parse =>
        {
            var set = StudySet.Load(StudiesLocation.Resolve(parse.GetValue(_studies), storagePath: null), parse.InvocationConfiguration.Error);
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("study", "from", "data", "sampler", "pruner", "trials", "epochs", "parameters", "description");
            foreach (var d in set.All)
                table.AddRow(
                    d.Name,
                    StudySet.IsUsers(d) ? Markup.Escape(Path.GetFileName(set.Source!)) : "built-in",
                    d.Data == DataRequirement.None ? "none" : "--data DIR (MovieLens)",
                    SamplerChoice.Name(d.DefaultSampler),
                    PrunerChoice.Name(d.DefaultPruner),
                    d.DefaultTrialCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    d.Epochs == 0 ? "-" : d.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", d.SearchSpace.Keys)),
                    Markup.Escape(d.Description));
            Terminal.For(parse).Console.Write(table);
            return ExitCodes.Ok;
        });
    }
}
