using LiteDB;
using LiteDB.Engine;

namespace MetaOpt.Storages.Files;

/// <summary>A LiteDB database over a storage file that cannot write a byte to it or beside it.</summary>
/// <remarks>
/// LiteDB's own <c>ReadOnly</c> connection still deletes an empty log file on close, so LiteDB is given streams
/// instead: the data file opened for reading only, and the log file (which a killed writer may have left with
/// committed transactions in it) copied into memory, where LiteDB reads it and whatever it does to it stays.
/// </remarks>
internal sealed class ReadOnlyDatabase : IDisposable
{
    private readonly FileStream _data;
    private readonly MemoryStream _log;

    private ReadOnlyDatabase(FileStream data, MemoryStream log, LiteDatabase database)
    {
        _data = data;
        _log = log;
        Database = database;
    }

    /// <summary>The database, for reading.</summary>
    public LiteDatabase Database { get; }

    /// <summary>Opens the database file at <paramref name="path"/> and its log, if any, for reading.</summary>
    /// <exception cref="LiteException">LiteDB cannot make sense of the file.</exception>
    public static ReadOnlyDatabase Open(string path)
    {
        var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var log = new MemoryStream();
        try
        {
            var logPath = LogPath(path);
            if (File.Exists(logPath))
            {
                using var logFile = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                logFile.CopyTo(log);
                log.Position = 0;
            }
            var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log, ReadOnly = true });
            return new ReadOnlyDatabase(data, log, new LiteDatabase(engine, disposeOnClose: true));
        }
        catch
        {
            data.Dispose();
            log.Dispose();
            throw;
        }
    }

    /// <summary>Where LiteDB keeps the log of a database file: "studies.db" → "studies-log.db".</summary>
    public static string LogPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    public void Dispose()
    {
        Database.Dispose();
        _data.Dispose();
        _log.Dispose();
    }
}
