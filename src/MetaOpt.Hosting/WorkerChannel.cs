using System.Text.Json.Nodes;

namespace MetaOpt.Hosting;

/// <summary>A worker process's trials reach the parent's real trial through this: one request line, one answer line.</summary>
internal sealed class WorkerChannel(StreamReader reader, StreamWriter writer) : ITrialChannel
{
    public double Suggest(string name, Distribution distribution)
    {
        var answer = Ask(new JsonObject { [WorkerMessages.Op] = "suggest", ["name"] = name, ["distribution"] = DistributionJson.ToNode(distribution) });
        if (answer["error"]?.GetValue<string>() is { } error)
            throw new InvalidSearchSpaceException(error, name);
        return WorkerMessages.ReadNumber(answer["value"]);
    }

    public void Report(double value, int step) =>
        Ask(new JsonObject { [WorkerMessages.Op] = "report", ["value"] = WorkerMessages.Number(value), ["step"] = step });

    public bool ShouldPrune() => Ask(new JsonObject { [WorkerMessages.Op] = "prune" })["prune"]!.GetValue<bool>();

    public void SetUserAttr(string key, object value) =>
        Ask(new JsonObject { [WorkerMessages.Op] = "attr", ["key"] = key, ["value"] = WorkerMessages.Value(key, value) });

    public ArtifactInfo SaveArtifact(string name, string path, string contentType)
    {
        var answer = Ask(new JsonObject { [WorkerMessages.Op] = "artifact", ["name"] = name, ["path"] = path, ["content_type"] = contentType });
        if (answer["error"]?.GetValue<string>() is { } error)
            throw new InvalidOperationException(error);
        return new ArtifactInfo(name, answer["hash"]!.GetValue<string>(), answer["size"]!.GetValue<long>(), contentType);
    }

    public void Send(JsonObject message)
    {
        try
        {
            writer.WriteLine(WorkerMessages.Write(message));
        }
        catch (IOException e)
        {
            throw new ParentGoneException(e);
        }
    }

    private JsonObject Ask(JsonObject request)
    {
        Send(request);
        string? answer;
        try
        {
            answer = reader.ReadLine();
        }
        catch (IOException e)
        {
            throw new ParentGoneException(e);
        }
        return WorkerMessages.Read(answer ?? throw new ParentGoneException(null));
    }

    /// <summary>The parent closed the connection or died: told apart from the objective's own I/O errors, it ends the worker.</summary>
    internal sealed class ParentGoneException(Exception? cause) : Exception("the parent process closed the connection", cause);
}
