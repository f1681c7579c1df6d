using System.CommandLine;
using MetaOpt.Bench.Recsys;
using MetaOpt.Bench.Samplers;

// Benchmarks as verbs: `samplers` compares sampler quality and speed with the Optuna peer, `recsys` the recommender
// with its PyTorch twin; more verbs plug in here.
var root = new RootCommand("MetaOpt benchmarks")
{
    SamplersCommand.Create(),
    RecsysCommand.Create(),
};
return root.Parse(args).Invoke();
