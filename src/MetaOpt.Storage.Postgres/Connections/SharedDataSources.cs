using System.Collections.Concurrent;
using Npgsql;

namespace MetaOpt.Storages.Postgres.Connections;

/// <summary>
/// One Npgsql data source (one connection pool) per connection string for the whole process, however many storages
/// and studies use it: a pool per study would multiply connections by studies and exhaust the server.
/// </summary>
internal static class SharedDataSources
{
    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> Sources = new(StringComparer.Ordinal);

    public static NpgsqlDataSource Get(NpgsqlConnectionStringBuilder connection) =>
        Sources.GetOrAdd(connection.ConnectionString, text => NpgsqlDataSource.Create(text));
}
