// The README's quickstart: a study on a stand-in "training" function, stored in a real LiteDB file.
// Run it twice: the second run continues the same study (trial numbers go on, TPE sees the whole history).
using MetaOpt;

var storagePath = args.Length > 0 ? args[0] : "studies.db";
using var storage = new LiteDbStorage(storagePath);
var study = Study.CreateOrLoad("quickstart-tpe", new StudyOptions
{
    Direction = Direction.Minimize,
    Sampler = new TpeSampler(seed: 7),
    Pruner = new MedianPruner(),
    Storage = storage,
});

study.Optimize(trial =>
{
    double lr = trial.SuggestFloat("lr", 1e-5, 1e-1, log: true);
    int batch = trial.SuggestInt("batch", 16, 256, step: 16);
    string algo = trial.SuggestCategorical("algo", new[] { "maml", "fomaml", "reptile" });
    double v = double.NaN;
    for (int epoch = 0; epoch < 10; epoch++)
    {
        v = Train(lr, batch, algo, epoch);
        trial.Report(v, epoch);
        if (trial.ShouldPrune())
            throw new TrialPrunedException();
    }
    return v;
}, trials: 30, timeout: TimeSpan.FromMinutes(30), parallelism: 2, stopOnCtrlC: true);

var best = study.BestTrial;
Console.WriteLine($"{study.Trials.Count} trials in '{study.Name}' ({storagePath}); best #{best.Number}: " +
                  $"{best.Value:F4} lr={best.Params["lr"]:G3} batch={best.Params["batch"]} algo={best.Params["algo"]}");

// A learning curve whose floor depends on the hyperparameters: best near lr=1e-3, batch=96, algo=maml.
static double Train(double lr, int batch, string algo, int epoch)
{
    var floor = Math.Pow(Math.Log10(lr) + 3, 2) + Math.Pow((batch - 96) / 128.0, 2) + (algo == "maml" ? 0 : 0.2);
    return floor + 2.0 / (epoch + 1);
}
