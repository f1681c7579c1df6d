using System.CommandLine;
using MetaOpt.Bench.Recsys;

// Benchmarks as verbs: `recsys` compares the recommender with its PyTorch twin; more verbs plug in here.
var root = new RootCommand("MetaOpt benchmarks")
{
    RecsysCommand.Create(),
};
return root.Parse(args).Invoke();
