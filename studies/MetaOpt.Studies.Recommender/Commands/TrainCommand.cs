using System.CommandLine;
using System.Globalization;
using MetaOpt.Recommender;

namespace MetaOpt.Studies.Recommender.Commands;

/// <summary>
/// <c>metaopt train</c>: one training run of the recommender with explicit hyperparameters, printing its metrics
/// (with <c>--json</c>, one line with the PyTorch reference's fields). The launcher finds it in this package as it
/// finds the studies (<see cref="IStudyCommand"/>).
/// </summary>
public sealed class TrainCommand : IStudyCommand
{
    /// <inheritdoc />
    public Command Create(StudyCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var training = new TrainingOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON line with the PyTorch reference's fields instead of a summary." };
        var command = new Command("train", "Train the recommender once with explicit hyperparameters and print its metrics.");
        context.AddExamples(command, "metaopt train --algo maml --epochs 2");
        training.AddTo(command);
        command.Options.Add(json);
        // Ctrl+C or SIGTERM ends the run at the next batch, so the process exits through the normal path with its message.
        command.SetAction(parse => Train(training.Bind(parse), parse.GetValue(json), parse.InvocationConfiguration.Output, context.ListenForInterruption()));
        return command;
    }

    private static int Train(TrainingConfig config, bool json, TextWriter output, CancellationToken cancellation)
    {
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
            return 0;
        }
        catch (ArgumentException e)
        {
            throw StudyCommandException.Usage(e);
        }
        catch (Exception e) when (e is TrainingDivergedException or FormatException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw StudyCommandException.Failed(e);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw StudyCommandException.Interrupted("training stopped before it finished; nothing was stored: run the same command to train again");
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
