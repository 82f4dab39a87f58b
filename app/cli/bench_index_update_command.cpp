#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "services/bench/index_update_benchmark.h"

#include <QLocale>

namespace facecase::cli {

int runBenchIndexUpdate(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "What a search index pays when another workstation enrolls: load a synthetic gallery's "
        "index, add N faces to the gallery through a second connection, then time the index's "
        "update (only the changed faces are read) against a fresh full load of the same state, "
        "and check that both answer the same. The gallery keeps the added faces."));
    parser.addOption({QStringLiteral("gallery"), QStringLiteral("A synthetic gallery (gallery synth)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("add"), QStringLiteral("Faces added between the loads (default 1000)."),
                      QStringLiteral("n"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("probes"), QStringLiteral("Searches compared (default 50)."),
                      QStringLiteral("n"), QStringLiteral("50")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    IndexUpdateBenchmarkOptions options;
    options.gallery = parser.value(QStringLiteral("gallery")).trimmed();
    const auto add = positiveIntOption(parser, QStringLiteral("add"));
    const auto probes = positiveIntOption(parser, QStringLiteral("probes"));
    if (options.gallery.isEmpty() || !parser.positionalArguments().isEmpty() || !add || !probes) {
        if (options.gallery.isEmpty()) printError(QStringLiteral("bench index-update needs --gallery NAME"));
        else if (!parser.positionalArguments().isEmpty())
            printError(QStringLiteral("bench index-update takes no positional arguments"));
        return kExitUsage;
    }
    options.add = *add;
    options.probes = *probes;
    auto workspace = openWorkspace(parser);
    if (!workspace) return exitCodeFor(workspace.error());

    auto result = IndexUpdateBenchmark::run(*workspace, options);
    if (!result) {
        printError(result.errorMessage());
        return exitCodeFor(result.error());
    }
    const IndexUpdateBenchmarkResult& r = *result;
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{{QStringLiteral("gallery"), r.gallery},
                              {QStringLiteral("model"), r.modelId},
                              {QStringLiteral("backend"), r.backend},
                              {QStringLiteral("faces_before"), qint64(r.facesBefore)},
                              {QStringLiteral("faces_after"), qint64(r.facesAfter)},
                              {QStringLiteral("first_load_seconds"), r.firstLoadSeconds},
                              {QStringLiteral("add_seconds"), r.addSeconds},
                              {QStringLiteral("update_seconds"), r.updateSeconds},
                              {QStringLiteral("incremental"), r.incremental},
                              {QStringLiteral("reload_reason"), r.reloadReason},
                              {QStringLiteral("full_reload_seconds"), r.fullReloadSeconds},
                              {QStringLiteral("probes_compared"), r.probesCompared},
                              {QStringLiteral("identical_answers"), r.identicalAnswers}});
        return kExitOk;
    }
    const QLocale english(QLocale::English);
    printLine(QStringLiteral("Index update benchmark: gallery \"%1\" (%2, %3)")
                  .arg(r.gallery, r.modelId, r.backend));
    printLine(QStringLiteral("  first load, in full: %1 faces in %2 s")
                  .arg(english.toString(qulonglong(r.facesBefore)))
                  .arg(r.firstLoadSeconds, 0, 'f', 3));
    printLine(QStringLiteral("  %1 faces added by another connection in %2 s")
                  .arg(english.toString(qint64(options.add)))
                  .arg(r.addSeconds, 0, 'f', 3));
    printLine(QStringLiteral("  index brought up to date %1 in %2 s (%3 faces)")
                  .arg(r.incremental ? QStringLiteral("from the changes")
                                     : QStringLiteral("by a full read (%1)").arg(r.reloadReason))
                  .arg(r.updateSeconds, 0, 'f', 3)
                  .arg(english.toString(qulonglong(r.facesAfter))));
    printLine(QStringLiteral("  a fresh full load of the same state: %1 s")
                  .arg(r.fullReloadSeconds, 0, 'f', 3));
    printLine(QStringLiteral("  answers to %1 probes (20 nearest, exact): %2")
                  .arg(r.probesCompared)
                  .arg(r.identicalAnswers ? QStringLiteral("identical") : QStringLiteral("DIFFERENT")));
    return r.identicalAnswers ? kExitOk : kExitInternal;
}

}  // namespace facecase::cli
