// `facecase-cli gallery backfill-chips NAME`: store the chip and thumbnail of every face of a
// gallery enrolled before schema 6, re-cut from its original when that is reachable and
// verified (ChipBackfill; issue 12). Faces whose originals are unreachable or changed are
// listed and keep working as before.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "services/enrollment/chip_backfill.h"
#include "services/enrollment/gallery_catalog.h"

#include <QJsonArray>

namespace facecase::cli {

int runGalleryBackfillChips(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Store the aligned chip and thumbnail of every face of a gallery that has none "
        "(enrolled before schema 6), re-cut from its original when the original is reachable "
        "and has the SHA-256 on record. Safe to stop and run again."));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The gallery."),
                                 QStringLiteral("NAME"));
    parser.addOption(
        {QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;
    const QStringList names = parser.positionalArguments();
    if (names.size() != 1 || names[0].trimmed().isEmpty()) {
        printError(QStringLiteral("gallery backfill-chips needs exactly one gallery NAME"));
        return kExitUsage;
    }

    OpenedWorkspace opened;
    if (auto exit = openWorkspaceConnection(parser, opened)) return *exit;
    auto gallery = GalleryCatalog(*opened.connection).findByName(names[0]);
    if (!gallery) {
        printError(gallery.errorMessage());
        return exitCodeFor(gallery.error());
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    auto report = ChipBackfill::run(*opened.connection, gallery->id);
    if (!report) {
        printError(report.errorMessage());
        return exitCodeFor(report.error());
    }
    if (json) {
        QJsonArray problems;
        for (const QString& line : report->problems) problems.append(line);
        printJson(QJsonObject{{QStringLiteral("gallery"), gallery->name},
                              {QStringLiteral("stored"), report->stored},
                              {QStringLiteral("unreachable"), report->unreachable},
                              {QStringLiteral("changed"), report->changed},
                              {QStringLiteral("failed"), report->failed},
                              {QStringLiteral("problems"), problems}});
        return kExitOk;
    }
    printLine(QStringLiteral("Gallery \"%1\": stored the chip of %2 faces; left without: %3 "
                             "unreachable, %4 changed, %5 failed")
                  .arg(gallery->name)
                  .arg(report->stored)
                  .arg(report->unreachable)
                  .arg(report->changed)
                  .arg(report->failed));
    for (const QString& line : report->problems) printLine(QStringLiteral("  ! ") + line);
    return kExitOk;
}

}  // namespace facecase::cli
