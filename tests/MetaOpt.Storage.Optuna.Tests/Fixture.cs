namespace MetaOpt.Storage.Optuna.Tests;

/// <summary>The files Fixtures/make_fixtures.py wrote with Debian's python3-optuna 3.1, copied beside the tests.</summary>
internal static class Fixture
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Reads a fixture with the reader its format needs: "journal" or "sqlite".</summary>
    public static OptunaHistory Read(string format, string name = "history") => format switch
    {
        "journal" => OptunaJournal.Read(Path(name + ".journal")),
        _ => OptunaSqlite.Read(Path(name + ".sqlite3")),
    };
}
