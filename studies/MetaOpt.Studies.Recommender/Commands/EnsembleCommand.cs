using System.CommandLine;
using System.Text.Json;
using MetaOpt.Recommender;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Studies.Recommender.Commands;

/// <summary>
/// <c>metaopt ensemble</c>: Caruana's ensemble selection over the models a study kept (<see cref="KeptModelEnsemble"/>),
/// printed and not stored; <c>metaopt run --ensemble K</c> builds the same as a final stage and stores it.
/// </summary>
public sealed class EnsembleCommand : IStudyCommand
{
    /// <inheritdoc />
    public Command Create(StudyCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var study = new Argument<string>("study") { Description = "The study whose kept models are combined." };
        var storage = context.CreateStorageOption();
        var topK = NumberOptions.Whole("--top-k", "How many of the study's best kept models form the library the ensemble is chosen from.", 2, 1000, 5, "K");
        var rounds = NumberOptions.Whole("--rounds", "Rounds of the greedy selection (models added, with replacement): the largest ensemble considered.", 1, 10000, KeptModelEnsemble.DefaultRounds);
        var data = TextOptions.DataDirectory(
            "The MovieLens folder the study trained on (default for a study of generated data: that data, generated again).",
            "a MovieLens folder (e.g. ml-100k)");
        var format = TextOptions.Choice("--format", "Output format.", ["table", "json"], "table");
        var device = TextOptions.Device();
        var command = new Command("ensemble", "Combine a study's best kept models by Caruana's ensemble selection on the validation users and compare them on the test users.");
        context.AddExamples(command, "metaopt ensemble synthetic-cold-start --top-k 2");
        command.Arguments.Add(study);
        foreach (var option in new Option[] { storage, topK, rounds, data, format, device })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var name = parse.GetRequiredValue(study);
            var k = parse.GetValue(topK);
            var kept = context.OpenKeptTrialArtifacts(parse.GetRequiredValue(storage), name, k, RecommenderModel.WeightsName, RecommenderModel.DescriptionName);
            StudyEnsemble ensemble;
            try
            {
                ensemble = KeptModelEnsemble.Build(name, kept, k, parse.GetValue(rounds), parse.GetValue(data), parse.GetRequiredValue(device));
            }
            catch (ArgumentException e)
            {
                throw StudyCommandException.Usage(e);
            }
            catch (InvalidDataException e)
            {
                throw StudyCommandException.Failed(e);
            }
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(parse.GetValue(format) == "json"
                ? KeptModelEnsemble.Json(name, ensemble).ToJsonString(new JsonSerializerOptions { WriteIndented = true })
                : KeptModelEnsemble.Table(name, ensemble));
            return 0;
        });
        return command;
    }
}
