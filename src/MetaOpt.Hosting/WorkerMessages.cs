using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaOpt.Hosting;

/// <summary>
/// The JSON-lines protocol between a parent and its trial worker process. The parent sends a <c>trial</c>; the worker
/// answers with requests (<c>suggest</c>, <c>report</c>, <c>prune</c>, <c>attr</c>, <c>artifact</c>: a file it wrote for the parent to keep), each answered by the parent, and
/// ends the trial with <c>done</c>, <c>pruned</c> or <c>failed</c>.
/// </summary>
internal static class WorkerMessages
{
    public const string Op = "op";

    /// <summary>Failure kinds a worker reports, which the parent turns into its own exception or reason.</summary>
    public const string SearchSpaceError = "search-space";

    public const string OutOfMemory = "out-of-memory";

    /// <summary>The two ends of a connected socket as the protocol reads and writes it: UTF-8 lines, each sent at once.</summary>
    public static (StreamReader Reader, StreamWriter Writer) Open(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: false);
        return (new StreamReader(stream, Encoding.UTF8), new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true });
    }

    public static string Write(JsonObject message) => message.ToJsonString();

    public static JsonObject Read(string line) =>
        JsonNode.Parse(line) as JsonObject ?? throw new InvalidDataException($"a worker message is not a JSON object: {line}");

    /// <summary>
    /// The end of a trial with its values: one as <c>value</c>, as every worker has sent it, several (a
    /// multi-objective study's) as a <c>values</c> array, so that a parent and worker of one build agree either way.
    /// </summary>
    public static JsonObject Done(IReadOnlyList<double> values) => values.Count == 1
        ? new JsonObject { [Op] = "done", ["value"] = Number(values[0]) }
        : new JsonObject { [Op] = "done", ["values"] = new JsonArray([.. values.Select(Number)]) };

    /// <summary>The values of a <c>done</c> message (<see cref="Done"/>).</summary>
    /// <exception cref="InvalidDataException">The message carries neither a number nor an array of them.</exception>
    public static IReadOnlyList<double> ReadValues(JsonObject done) =>
        done["values"] is JsonArray values ? [.. values.Select(ReadNumber)] : [ReadNumber(done["value"])];

    /// <summary>A double as the engine writes it (<see cref="ValueJson.WriteDouble"/>): NaN and infinities as strings.</summary>
    public static JsonNode Number(double value) => Node(writer => ValueJson.WriteDouble(writer, value));

    /// <exception cref="InvalidDataException">The message lacks the number, or it is not one.</exception>
    public static double ReadNumber(JsonNode? node) =>
        node is null ? throw new InvalidDataException("a worker message lacks a number") : Element(node, ValueJson.ReadDouble);

    /// <summary>An attribute value as the engine's typed pair, so the parent stores it with the type the worker gave it.</summary>
    /// <exception cref="ArgumentException">The value is not a string, bool, int, long or double.</exception>
    public static JsonNode Value(string key, object value) => Node(writer => ValueJson.WriteTyped(writer, key, value));

    public static object ReadValue(JsonNode? node) => Element(node, ValueJson.ReadTyped);

    // Messages are built as nodes; the engine's codec reads and writes JSON elements: these bridge the two.
    private static JsonNode Node(Action<Utf8JsonWriter> write) => JsonNode.Parse(ValueJson.Text(write))!;

    private static T Element<T>(JsonNode? node, Func<JsonElement, T> read)
    {
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return read(document.RootElement);
    }
}
