using System.CommandLine;
using MetaOpt.Bench.Gp;
using MetaOpt.Bench.MultiObjective;
using MetaOpt.Bench.Noise;
using MetaOpt.Bench.Postgres;
using MetaOpt.Bench.Recsys;
using MetaOpt.Bench.Reports;
using MetaOpt.Bench.Samplers;
using MetaOpt.Bench.Strategy;

// Benchmarks as verbs: `samplers` compares sampler quality and speed with the Optuna peer, `transfer` and `ask-cost`
// measure the GP's warm start and cost (`transfer-recsys` the warm start on the recommender), `recsys` compares the
// recommender with its PyTorch twin, `postgres` many workers on one PostgreSQL study against Optuna's RDBStorage,
// `strategy` the strategy study against the single-strategy studies and baselines, `report` times the static report
// of a large study, `noise` the confirmed winner against the unconfirmed pick and the baselines (issue #21).
var root = new RootCommand("MetaOpt benchmarks")
{
    SamplersCommand.Create(),
    TransferCommand.Create(),
    AskCostCommand.Create(),
    RecsysCommand.Create(),
    RecsysTransferCommand.Create(),
    DatasetTransferCommand.Create(),
    PostgresCommand.Create(),
    PostgresCommand.CreateWorker(),
    StrategyCommand.Create(),
    ReportCommand.Create(),
    NoiseCommand.Create(),
    MultiObjectiveCommand.Create(),
};
return root.Parse(args).Invoke();
