using MetaOpt.Storages.Postgres.Connections;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>How a <c>--storage</c> URL becomes an Npgsql connection string, and how messages show it.</summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void A_url_gives_every_part_to_npgsql_unescaped()
    {
        var builder = ConnectionStrings.Parse("postgresql://meta%40opt:p%3Ass@db.internal:6543/studies?sslmode=require&application_name=worker");

        Assert.Equal(("db.internal", 6543, "studies"), (builder.Host, builder.Port, builder.Database));
        Assert.Equal(("meta@opt", "p:ss"), (builder.Username, builder.Password));
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal("worker", builder.ApplicationName);
        Assert.Equal(5432, ConnectionStrings.Parse("postgres://u@localhost/db").Port);
    }

    [Fact]
    public void Messages_show_a_location_without_its_password()
    {
        Assert.Equal("postgresql://user:***@host:5432/db", PostgresStorage.WithoutPassword("postgresql://user:secret@host:5432/db"));
        Assert.Equal("postgresql://user@host/db", PostgresStorage.WithoutPassword("postgresql://user@host/db"));
        Assert.DoesNotContain("secret", PostgresStorage.WithoutPassword("Host=h;Username=u;Password=secret"));
    }

    [Fact]
    public void Only_postgres_urls_name_a_database()
    {
        Assert.True(PostgresStorage.IsUrl("postgresql://u@h/db"));
        Assert.True(PostgresStorage.IsUrl("POSTGRES://u@h/db"));
        Assert.False(PostgresStorage.IsUrl("studies.db"));
        Assert.False(PostgresStorage.IsUrl("/data/postgresql/studies.db"));
        Assert.Throws<ArgumentException>(() => ConnectionStrings.Parse("postgresql://u@h/db?no_such_key=1"));
    }
}
