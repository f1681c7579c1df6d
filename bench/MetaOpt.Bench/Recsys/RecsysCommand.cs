using System.CommandLine;
using MetaOpt.Recommender;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Bench.Recsys;

/// <summary>
/// The <c>recsys</c> verb: <c>run</c> trains once and prints the reference script's JSON line; <c>compare</c> runs
/// the PyTorch twin and ours back to back, one process at a time, and tabulates speed and quality; <c>memory</c>
/// trains many times in one process and records resident memory after each run.
/// </summary>
internal static class RecsysCommand
{
    public static Command Create() => new("recsys", "The cold-start recommender against its PyTorch twin (see RECSYS.md)")
    {
        RunCommand(),
        PeerComparison.Command(),
        MemoryProbe.Command(),
    };

    private static Command RunCommand()
    {
        var options = new TrainingOptions();
        var command = new Command("run", "Train once with the reference script's options; print its JSON line");
        options.AddTo(command);
        command.SetAction(result =>
        {
            var config = options.Bind(result);
            Console.WriteLine(TrainingResultJson.Serialize(RecommenderTrainer.Train(TrainingOptions.Tasks(config), config)));
            return 0;
        });
        return command;
    }
}
