using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetaOpt.Dashboard.Api;

/// <summary>The dashboard's routes: three pages, their assets, and the JSON they poll (all reads).</summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, DashboardData data, DashboardOptions options)
    {
        var assets = new EmbeddedAssets();
        routes.MapGet("/", (HttpRequest request) => assets.Serve("index.html", request));
        routes.MapGet("/study", (HttpRequest request) => assets.Serve("study.html", request));
        routes.MapGet("/compare", (HttpRequest request) => assets.Serve("compare.html", request));
        routes.MapGet("/assets/{file}", (string file, HttpRequest request) => assets.Serve(file, request));

        var api = routes.MapGroup("/api");
        // The pages show the error and poll again: a database that is down is a 503 with a reason, not a hang.
        api.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (StorageNotAnsweringException e)
            {
                return Results.Json(new JsonObject { ["error"] = e.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        api.MapGet("/config", () => Json(new JsonObject { ["pollMilliseconds"] = options.PollMilliseconds }));
        api.MapGet("/studies", () => Json(new JsonArray(data.Studies()
            .Select(info => (JsonNode)StudyView.Summary(info, data.Trials(info.Name))).ToArray())));
        api.MapGet("/studies/{name}", (string name) =>
            WithStudy(data, name, info => Json(StudyView.Detail(info, data.Trials(name)))));
        api.MapGet("/studies/{name}/trials", (string name, HttpRequest request) => WithStudy(data, name, _ =>
        {
            var (query, error) = TrialQuery.Parse(request.Query);
            if (query is null)
                return BadRequest(error!);
            var matching = query.Apply(data.Trials(name));
            return Json(new JsonObject
            {
                ["total"] = matching.Count,
                ["offset"] = query.Offset,
                ["limit"] = query.Limit,
                ["trials"] = Trials(matching.Skip(query.Offset).Take(query.Limit)),
            });
        }));
        api.MapGet("/studies/{name}/updates", (string name, HttpRequest request) => WithStudy(data, name, info =>
        {
            // The page sends how many trials it holds and which of them had not finished: it gets only the new
            // trials and those that may have changed, so a poll stays small at any study size.
            if (!TryParseUpdates(request.Query, out var since, out var open, out var error))
                return BadRequest(error);
            var trials = data.Trials(name);
            return Json(new JsonObject
            {
                ["study"] = StudyView.Summary(info, trials),
                ["now"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                ["trials"] = Trials(trials.Where(t => t.Number >= since || open.Contains(t.Number))),
            });
        }));
        api.MapGet("/studies/{name}/running", (string name) => WithStudy(data, name, _ =>
            Json(Trials(data.Trials(name).Where(t => t.State == TrialState.Running)))));
        api.MapGet("/studies/{name}/importance", (string name) => WithStudy(data, name, _ =>
        {
            var result = data.Importance(name);
            return Json(new JsonObject
            {
                ["method"] = result.Method,
                ["trialsUsed"] = result.TrialsUsed,
                ["note"] = result.Note,
                ["importances"] = new JsonArray(result.Importances
                    .Select(p => (JsonNode)new JsonObject { ["parameter"] = p.Parameter, ["importance"] = p.Importance }).ToArray()),
            });
        }));
    }

    private static IResult WithStudy(DashboardData data, string name, Func<StudyInfo, IResult> respond) =>
        data.FindStudy(name) is { } info
            ? respond(info)
            : Results.Json(new JsonObject { ["error"] = $"no study '{name}' in this storage" }, statusCode: StatusCodes.Status404NotFound);

    private static bool TryParseUpdates(IQueryCollection query, out int since, out HashSet<int> open, out string error)
    {
        open = [];
        error = "";
        var sinceText = query["since"].ToString();
        since = 0;
        if (sinceText.Length > 0 && !(int.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since)))
        {
            error = $"since must be a trial count (0 or more), not '{sinceText}'";
            return false;
        }
        foreach (var word in query["open"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                error = $"open must list trial numbers separated by commas, not '{word}'";
                return false;
            }
            open.Add(number);
        }
        return true;
    }

    private static JsonArray Trials(IEnumerable<FrozenTrial> trials) =>
        new(trials.Select(t => (JsonNode)TrialView.ToJson(t)).ToArray());

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json; charset=utf-8");

    private static IResult BadRequest(string error) =>
        Results.Json(new JsonObject { ["error"] = error }, statusCode: StatusCodes.Status400BadRequest);
}
