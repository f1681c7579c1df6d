using System.CommandLine;
using System.Globalization;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.UserStudies;
using MetaOpt.Recommender;
using MetaOpt.Studies.Recommender;

namespace MetaOpt.Launcher.Commands.Train;

/// <summary>
/// <c>metaopt train</c>: one training run of the recommender with explicit hyperparameters, printing its metrics
/// (with <c>--json</c>, one line with the PyTorch reference's fields). It needs the recommender studies, which the
/// launcher loads from beside it (<see cref="RecommenderStudies"/>); where they are not installed, <see cref="Unavailable"/>
/// stands in for it.
/// </summary>
internal sealed class TrainCommand : Command
{
    private const string Summary = "Train the recommender once with explicit hyperparameters and print its metrics.";

    private readonly Option<string> _data = CommonOptions.DataDirectory();
    private readonly Option<string> _algo = CommonOptions.Choice("--algo", "Learning strategy", MetaAlgorithmNames.All, "maml");
    // The ranges are TrainingConfig's, so a bad value is refused as an option before training starts.
    private readonly Option<int> _epochs = NumberOptions.Whole("--epochs", "Epochs of training.", 1, CommonOptions.MaxEpochs, 10);
    private readonly Option<double> _metaLr = NumberOptions.Real("--meta-lr", "Adam learning rate of the outer update.", 1e-3, 0, 1, lowExcluded: true, "RATE");
    private readonly Option<double> _innerLr = NumberOptions.Real("--inner-lr", "SGD learning rate of the per-user adaptation.", 1e-2, 0, 10, helpName: "RATE");
    private readonly Option<int> _innerSteps = NumberOptions.Whole("--inner-steps", "SGD steps of the per-user adaptation.", 1, 100, 1);
    private readonly Option<int> _metaBatch = NumberOptions.Whole("--meta-batch", "Users per meta-batch.", 1, 100_000, 32);
    private readonly Option<int> _pretrainEpochs = NumberOptions.Whole("--pretrain-epochs", "Epochs of global pretraining before meta-training.", 0, CommonOptions.MaxEpochs, 0);
    private readonly Option<int> _threads = NumberOptions.Whole("--threads", "LibTorch intra-op threads.", 1, 1024, Math.Min(Environment.ProcessorCount, 1024));
    private readonly Option<string> _device = CommonOptions.Device();
    private readonly Option<int> _seed = CommonOptions.Seed("Seed of initialisation, shuffling and batching.");

    private readonly Option<bool> _noBaselines = new("--no-baselines")
    {
        Description = "Skip the global-model and global-mean baselines (faster).",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON line with the PyTorch reference's fields instead of a summary.",
    };

    private readonly Interruption _interruption;

    public TrainCommand(Interruption interruption) : base("train", Summary)
    {
        this.WithExamples("metaopt train --algo maml --epochs 2");
        _interruption = interruption;
        foreach (var option in new Option[]
                 {
                     _data, _algo, _epochs, _metaLr, _innerLr, _innerSteps, _metaBatch, _pretrainEpochs, _seed, _device, _threads,
                     _noBaselines, _json,
                 })
            Options.Add(option);
        // Ctrl+C or SIGTERM ends the run at the next batch, so the process exits through the normal path with its message.
        SetAction(parse => Train(parse, _interruption.Listen()));
    }

    /// <summary>
    /// The <c>train</c> verb where the recommender studies are not installed: it takes any arguments and says what
    /// to install. Building the real command would load the recommender, which is not there.
    /// </summary>
    public static Command Unavailable()
    {
        var command = new Command("train", Summary + " Needs the recommender studies (not installed).") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(Refuse);
        return command;

        static int Refuse(ParseResult parse)
        {
            // Where they are there but do not load, this throws that reason instead.
            _ = RecommenderStudies.Installed;
            throw LauncherException.Failure($"cannot train: {RecommenderStudies.Missing}");
        }
    }

    private int Train(ParseResult parse, CancellationToken cancellation)
    {
        var config = new TrainingConfig
        {
            Algo = MetaAlgorithmNames.Parse(parse.GetRequiredValue(_algo)),
            Epochs = parse.GetValue(_epochs),
            MetaLr = parse.GetValue(_metaLr),
            InnerLr = parse.GetValue(_innerLr),
            InnerSteps = parse.GetValue(_innerSteps),
            MetaBatch = parse.GetValue(_metaBatch),
            PretrainEpochs = parse.GetValue(_pretrainEpochs),
            Seed = parse.GetValue(_seed),
            Device = parse.GetRequiredValue(_device),
            Threads = parse.GetValue(_threads),
            Baselines = !parse.GetValue(_noBaselines),
        };
        var output = parse.InvocationConfiguration.Output;
        var json = parse.GetValue(_json);
        try
        {
            config.Validate();
            var data = parse.GetValue(_data);
            var tasks = data is null
                ? ColdStartTasks.Build(SyntheticColdStartGenerator.Generate(SyntheticColdStartStudy.DataOptions), config.SupportSize, config.QuerySize)
                : RecommenderTrainer.LoadTasks(data, config);
            var result = RecommenderTrainer.Train(tasks, config, epoch =>
            {
                if (!json)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {epoch.Epoch + 1}/{config.Epochs}: validation MAE {epoch.ValidationMae:F4}, train loss {epoch.TrainLoss:F4}, {epoch.Seconds:F1} s"));
            }, cancellation);
            output.WriteLine(json ? TrainingResultJson.Serialize(result) : Describe(result, data));
            return ExitCodes.Ok;
        }
        catch (ArgumentException e)
        {
            throw LauncherException.Usage(Format.Reason(e));
        }
        catch (Exception e) when (e is TrainingDivergedException or FormatException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw LauncherException.Failure(Format.Reason(e), e);
        }
        catch (OperationCanceledException) when (_interruption.Requested)
        {
            throw _interruption.Stopped("training stopped before it finished; nothing was stored: run the same command to train again");
        }
    }

    private static string Describe(TrainingResult result, string? data) => string.Create(CultureInfo.InvariantCulture,
        $"""
         {MetaAlgorithmNames.Name(result.Config.Algo)} on {data ?? "synthetic cold-start data"}: {result.Users.Train} meta-train, {result.Users.Validation} meta-validation, {result.Users.Test} meta-test users
         meta-validation MAE {result.MetaValidation.Mae:F4}
         meta-test       MAE {result.MetaTest.Mae:F4}  RMSE {result.MetaTest.Rmse:F4}  nDCG@{result.MetaTest.K} {result.MetaTest.Ndcg:F4}
         baselines       {Baselines(result)}
         time            {result.SecondsPerEpoch.Sum():F1} s training, median meta-batch {result.SecondsPerMetaBatchMedian * 1000:F1} ms
         """);

    private static string Baselines(TrainingResult result) => result.GlobalZeroShot is { } zeroShot
        ? string.Create(CultureInfo.InvariantCulture,
            $"global zero-shot MAE {zeroShot.Mae:F4}, fine-tuned {result.GlobalFineTuned!.Mae:F4}, global mean {result.GlobalMeanMae:F4}")
        : "skipped (--no-baselines)";
}
