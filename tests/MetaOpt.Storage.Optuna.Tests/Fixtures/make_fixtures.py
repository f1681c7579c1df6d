"""Writes the Optuna fixtures of MetaOpt.Storage.Optuna.Tests with Debian's python3-optuna 3.1.

Run from this folder: /usr/bin/python3 make_fixtures.py
It writes history.journal (JournalFileStorage) and history.sqlite3 (RDBStorage on SQLite) with the same studies, and
multi.journal, constrained.journal and named.journal with one supported and one unsupported study each, and bowl.journal, a study
to warm-start from, and distributions.json, Optuna's text of each kind of distribution. With a URL (/usr/bin/python3 make_fixtures.py postgresql://user@host:port/database) it writes
only the studies of history.* into that empty database, as the PostgreSQL test does (python3-psycopg2).
"""
import datetime
import json
import os
import sys
import warnings

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import FrozenTrial, TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)

SPACE = {
    "lr": FloatDistribution(1e-5, 1e-1, log=True),
    "dropout": FloatDistribution(0.0, 0.5, step=0.1),
    "layers": IntDistribution(1, 8),
    "units": IntDistribution(16, 256, log=True),
    "batch": IntDistribution(32, 256, step=32),
    "optimizer": CategoricalDistribution(["adam", "sgd"]),
    "width": CategoricalDistribution([2, 4.5, True]),
}

# The parameters of each trial of "optimized", enqueued so the test knows them exactly.
CONFIGS = [
    {"lr": 0.001, "dropout": 0.2, "layers": 3, "units": 64, "batch": 64, "optimizer": "adam", "width": 2},
    {"lr": 0.01, "dropout": 0.0, "layers": 1, "units": 16, "batch": 32, "optimizer": "sgd", "width": 4.5},
    {"lr": 0.0001, "dropout": 0.5, "layers": 8, "units": 256, "batch": 256, "optimizer": "adam", "width": True},
    {"lr": 0.05, "dropout": 0.3, "layers": 5, "units": 100, "batch": 128, "optimizer": "sgd", "width": 2},
]


def objective(trial):
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.5, step=0.1)
    layers = trial.suggest_int("layers", 1, 8)
    units = trial.suggest_int("units", 16, 256, log=True)
    batch = trial.suggest_int("batch", 32, 256, step=32)
    optimizer = trial.suggest_categorical("optimizer", ["adam", "sgd"])
    trial.suggest_categorical("width", [2, 4.5, True])
    trial.set_user_attr("note", f"trial {trial.number}")
    if trial.number == 2:
        raise ValueError("diverged")
    value = layers * 0.25 + dropout + units / 1000 + batch / 10000 + (0.5 if optimizer == "sgd" else 0.0) + lr
    for step in range(3):
        trial.report(value + (2 - step) * 0.125, step)
    if trial.number == 1:
        raise optuna.TrialPruned()
    return value


def at(minute, second=0, micro=0):
    return datetime.datetime(2024, 3, 1, 12, minute, second, micro)


def write(storage):
    study = optuna.create_study(study_name="optimized", storage=storage, direction="minimize")
    study.set_user_attr("dataset", "ml-100k")
    study.set_user_attr("epochs", 20)
    for config in CONFIGS:
        study.enqueue_trial(config)
    study.optimize(objective, n_trials=3, catch=(ValueError,))
    # Trial 3 stays Running (asked, never told: it takes the last enqueued parameters); trial 4 stays Waiting.
    running = study.ask({"lr": FloatDistribution(1e-5, 1e-1, log=True)})
    running.set_user_attr("host", "gpu-1")
    study.enqueue_trial({"lr": 0.02, "layers": 2})

    added = optuna.create_study(study_name="added", storage=storage, direction="maximize")
    added.add_trial(FrozenTrial(
        number=0, state=TrialState.COMPLETE, value=0.75, datetime_start=at(0, 1, 250000),
        datetime_complete=at(0, 30, 500), params={"x": 0.5, "k": 7, "c": "b"},
        distributions={"x": FloatDistribution(-1.0, 1.0), "k": IntDistribution(0, 10), "c": CategoricalDistribution(["a", "b"])},
        user_attrs={"ratio": 0.25, "flag": False, "count": 12, "tags": ["a", "b"]}, system_attrs={"origin": "hand"},
        intermediate_values={0: 0.5, 5: 0.7, 6: float("nan"), 7: float("-inf")}, trial_id=0, values=None))
    added.add_trial(FrozenTrial(
        number=1, state=TrialState.FAIL, value=None, datetime_start=at(1), datetime_complete=at(2),
        params={"x": -0.25}, distributions={"x": FloatDistribution(-1.0, 1.0)},
        user_attrs={}, system_attrs={"fail_reason": "out of memory"}, intermediate_values={}, trial_id=1, values=None))


def fresh(name):
    for path in (name, name + ".lock"):
        if os.path.exists(path):
            os.remove(path)
    return name


if len(sys.argv) > 1:
    write(optuna.storages.RDBStorage(sys.argv[1]))
    sys.exit(0)

write(optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(fresh("history.journal"))))
write(optuna.storages.RDBStorage("sqlite:///" + fresh("history.sqlite3")))

for name, make in [("multi.journal", "multi"), ("constrained.journal", "constrained"), ("named.journal", "named")]:
    storage = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(fresh(name)))
    plain = optuna.create_study(study_name="plain", storage=storage)
    plain.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    if make == "multi":
        other = optuna.create_study(study_name="pareto", storage=storage, directions=["minimize", "maximize"])
        other.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)), n_trials=2)
    elif make == "named":
        other = optuna.create_study(study_name="runs/2024", storage=storage)
        other.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    else:
        sampler = optuna.samplers.TPESampler(seed=1, constraints_func=lambda t: [t.params["x"] - 0.5])
        other = optuna.create_study(study_name="feasible", storage=storage, sampler=sampler)
        other.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)

# An earlier study to warm-start from: 30 random trials of a bowl centred at (0.3, 0.6) over x, y in [0, 1].
bowl = optuna.create_study(
    study_name="bowl", sampler=optuna.samplers.RandomSampler(seed=1),
    storage=optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(fresh("bowl.journal"))))
bowl.optimize(lambda t: (t.suggest_float("x", 0, 1) - 0.3) ** 2 + (t.suggest_float("y", 0, 1) - 0.6) ** 2, n_trials=30)

# Optuna's text of each distribution, the classes Optuna 3 deprecated included.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    kinds = {
        "float_log": FloatDistribution(1e-5, 1e-1, log=True),
        "float_step": FloatDistribution(0.0, 0.5, step=0.1),
        "int_log": IntDistribution(16, 256, log=True),
        "int_step": IntDistribution(32, 256, step=32),
        "categorical": CategoricalDistribution(["a", 1, 2.5, False]),
        "uniform": optuna.distributions.UniformDistribution(-1.5, 2.0),
        "log_uniform": optuna.distributions.LogUniformDistribution(1e-4, 1.0),
        "discrete_uniform": optuna.distributions.DiscreteUniformDistribution(0.0, 1.0, 0.25),
        "int_uniform": optuna.distributions.IntUniformDistribution(0, 10, step=2),
        "int_log_uniform": optuna.distributions.IntLogUniformDistribution(1, 64),
        "none_choice": CategoricalDistribution([None, "a"]),
    }
with open("distributions.json", "w") as f:
    json.dump({k: optuna.distributions.distribution_to_json(d) for k, d in kinds.items()}, f, indent=1)
    f.write("\n")
