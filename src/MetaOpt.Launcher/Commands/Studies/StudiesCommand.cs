using System.CommandLine;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;
using MetaOpt.Studies;
using Spectre.Console;

namespace MetaOpt.Launcher.Commands.Studies;

/// <summary><c>metaopt studies</c>: the study definitions this build knows.</summary>
internal sealed class StudiesCommand : Command
{
    public StudiesCommand() : base("studies", "List the studies defined in code, with their defaults.")
    {
        SetAction(parse =>
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("study", "data", "sampler", "pruner", "trials", "epochs", "parameters", "description");
            foreach (var d in StudyCatalog.All)
                table.AddRow(
                    d.Name,
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
