using System.CommandLine;
using MetaOpt.Bench.Gp;
using MetaOpt.Bench.Samplers;

// Benchmarks as verbs: `samplers` compares sampler quality and speed with the Optuna peer; more verbs plug in here.
var root = new RootCommand("MetaOpt benchmarks")
{
    SamplersCommand.Create(),
    TransferCommand.Create(),
    AskCostCommand.Create(),
};
return root.Parse(args).Invoke();
