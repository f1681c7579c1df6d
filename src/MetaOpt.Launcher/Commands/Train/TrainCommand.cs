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

    private readonly TrainingOptions _training = new();

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON line with the PyTorch reference's fields instead of a summary.",
    };

    private readonly Interruption _interruption;

    public TrainCommand(Interruption interruption) : base("train", Summary)
    {
        this.WithExamples("metaopt train --algo maml --epochs 2");
        _interruption = interruption;
        _training.AddTo(this);
        Options.Add(_json);
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
        var config = _training.Bind(parse);
        var output = parse.InvocationConfiguration.Output;
        var json = parse.GetValue(_json);
        try
        {
            config.Validate();
            var result = RecommenderTrainer.Train(TrainingOptions.Tasks(config), config, epoch =>
            {
                if (!json)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {epoch.Epoch + 1}/{config.Epochs}: validation MAE {epoch.ValidationMae:F4}, train loss {epoch.TrainLoss:F4}, {epoch.Seconds:F1} s"));
            }, cancellation);
            output.WriteLine(json ? TrainingResultJson.Serialize(result) : Describe(result, config.Data));
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
