using System.CommandLine;
using MetaOpt.Bench.Gp;
using MetaOpt.Bench.Recsys;
using MetaOpt.Bench.Reports;
using MetaOpt.Bench.Samplers;

// Benchmarks as verbs: `samplers` compares sampler quality and speed with the Optuna peer, `transfer` and `ask-cost`
// measure the GP's warm start and cost (`transfer-recsys` the warm start on the recommender), `recsys` compares the
// recommender with its PyTorch twin, `report` times the static report of a large study.
var root = new RootCommand("MetaOpt benchmarks")
{
    SamplersCommand.Create(),
    TransferCommand.Create(),
    AskCostCommand.Create(),
    RecsysCommand.Create(),
    RecsysTransferCommand.Create(),
    ReportCommand.Create(),
};
return root.Parse(args).Invoke();
