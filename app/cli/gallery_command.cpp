#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/gallery_json.h"
#include "cli/workspace_args.h"
#include "services/enrollment/gallery_admin.h"
#include "services/enrollment/gallery_catalog.h"
#include "services/enrollment/gallery_lock.h"
#include "types/display_time.h"

#include <QJsonArray>
#include <QLocale>

namespace facecase::cli {

namespace {
QString number(qint64 n) { return QLocale(QLocale::English).toString(n); }

using GalleryArgs = WorkspaceCommandArgs;

void prepare(GalleryArgs& a, const QString& description, const QString& positional = {}) {
    a.prepare(description);
    if (!positional.isEmpty()) {
        a.parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The gallery."), positional);
    }
}

std::optional<int> open(GalleryArgs& a) { return a.open(); }

std::optional<int> oneName(const QCommandLineParser& parser, const char* command, QString& name) {
    const QStringList names = parser.positionalArguments();
    if (names.size() != 1 || names[0].trimmed().isEmpty()) {
        printError(QStringLiteral("gallery %1 needs exactly one gallery NAME").arg(QLatin1String(command)));
        return kExitUsage;
    }
    name = names[0];
    return std::nullopt;
}

int runList(const QStringList& args) {
    GalleryArgs a;
    prepare(a, QStringLiteral("List the workspace's galleries with their image and face counts."));
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    if (!a.parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("gallery list takes no arguments"));
        return kExitUsage;
    }
    if (auto exit = open(a)) return *exit;
    auto galleries = GalleryCatalog(*a.connection).list();
    if (!galleries) {
        printError(galleries.errorMessage());
        return exitCodeFor(galleries.error());
    }
    if (a.parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const Gallery& g : *galleries) array.append(galleryJson(g));
        printJson(QJsonObject{{QStringLiteral("workspace"), a.workspace->folder()},
                              {QStringLiteral("galleries"), array}});
        return kExitOk;
    }
    if (galleries->empty()) {
        printLine(QStringLiteral("No galleries in %1 yet (facecase-cli enroll --gallery NAME creates one).")
                      .arg(a.workspace->folder()));
        return kExitOk;
    }
    printLine(QStringLiteral("Galleries in %1:").arg(a.workspace->folder()));
    for (const Gallery& g : *galleries) {
        // Synthetic galleries say so first, so that nobody takes their faces for people.
        printLine(QStringLiteral("  %1  %2%3 images, %4 faces, revision %5, created %6")
                      .arg(g.name,
                           g.isSynthetic() ? QStringLiteral("[synthetic, not people] ") : QString(),
                           number(g.imageCount), number(g.faceCount), number(g.revision),
                           displayTime(g.createdAt)));
    }
    return kExitOk;
}

int runStats(const QStringList& args) {
    GalleryArgs a;
    prepare(a, QStringLiteral("A gallery's contents: images, faces, subjects, enrollment "
                                    "problems, descriptor model, revision, database size."),
            QStringLiteral("NAME"));
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    QString name;
    if (auto exit = oneName(a.parser, "stats", name)) return *exit;
    if (auto exit = open(a)) return *exit;
    const GalleryCatalog catalog(*a.connection);
    auto gallery = catalog.findByName(name);
    if (!gallery) {
        printError(gallery.errorMessage());
        return exitCodeFor(gallery.error());
    }
    auto stats = catalog.statistics(gallery->id);
    if (!stats) {
        printError(stats.errorMessage());
        return exitCodeFor(stats.error());
    }
    const bool enrolling = GalleryLock::isHeld(*a.workspace, gallery->id);
    const Gallery& g = stats->gallery;
    if (a.parser.isSet(QStringLiteral("json"))) {
        QJsonObject problems;
        for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
            const auto status = static_cast<EnrollmentItem::Status>(i);
            if (EnrollmentItem::isProblem(status)) {
                problems.insert(EnrollmentItem::statusName(status), stats->latestItemCounts[std::size_t(i)]);
            }
        }
        QJsonArray models;
        for (const auto& [model, faces] : stats->descriptorModels) {
            models.append(QJsonObject{{QStringLiteral("model"), model}, {QStringLiteral("faces"), faces}});
        }
        QJsonObject object = galleryJson(g);
        object.insert(QStringLiteral("subjects"), stats->subjects);
        object.insert(QStringLiteral("images_without_subject"), stats->imagesWithoutSubject);
        object.insert(QStringLiteral("models"), models);
        object.insert(QStringLiteral("faces_without_descriptor"), stats->facesWithoutDescriptor);
        object.insert(QStringLiteral("problems"), stats->problemCount());
        object.insert(QStringLiteral("problems_by_status"), problems);
        object.insert(QStringLiteral("jobs"), stats->jobs);
        object.insert(QStringLiteral("enrolling"), enrolling);
        object.insert(QStringLiteral("database_bytes"), stats->databaseBytes);
        object.insert(QStringLiteral("database"), a.workspace->databasePath());
        printJson(object);
        return kExitOk;
    }
    printLine(QStringLiteral("Gallery \"%1\" (id %2, created %3)%4")
                  .arg(g.name)
                  .arg(g.id)
                  .arg(displayTime(g.createdAt),
                       enrolling ? QStringLiteral(" — an enrollment is running") : QString()));
    printLine(QStringLiteral("  kind      %1")
                  .arg(g.isSynthetic() ? QStringLiteral("synthetic: a benchmark fixture of generated "
                                                        "descriptors (gallery synth), not people")
                                       : QStringLiteral("real (enrolled photos)")));
    printLine(QStringLiteral("  images    %1 (%2 without subject)").arg(number(g.imageCount), number(stats->imagesWithoutSubject)));
    printLine(QStringLiteral("  faces     %1").arg(number(g.faceCount)));
    printLine(QStringLiteral("  subjects  %1").arg(number(stats->subjects)));
    for (const auto& [model, faces] : stats->descriptorModels) {
        printLine(QStringLiteral("  model     %1 (%2 faces)").arg(model, number(faces)));
    }
    if (stats->facesWithoutDescriptor > 0) {
        printLine(QStringLiteral("  faces without descriptor  %1").arg(number(stats->facesWithoutDescriptor)));
    }
    QStringList problemParts;
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        const auto status = static_cast<EnrollmentItem::Status>(i);
        if (EnrollmentItem::isProblem(status) && stats->latestItemCounts[std::size_t(i)] > 0) {
            problemParts << QStringLiteral("%1 %2").arg(EnrollmentItem::statusName(status),
                                                        number(stats->latestItemCounts[std::size_t(i)]));
        }
    }
    printLine(QStringLiteral("  problems  %1%2")
                  .arg(number(stats->problemCount()))
                  .arg(problemParts.isEmpty() ? QString()
                                              : QStringLiteral(" (%1)").arg(problemParts.join(QStringLiteral(", ")))));
    printLine(QStringLiteral("  revision  %1").arg(number(g.revision)));
    printLine(QStringLiteral("  jobs      %1 (facecase-cli job list --gallery \"%2\")").arg(number(stats->jobs), g.name));
    printLine(QStringLiteral("  database  %1 (%2, the whole workspace)")
                  .arg(QLocale(QLocale::English).formattedDataSize(stats->databaseBytes),
                       a.workspace->databasePath()));
    return kExitOk;
}

int runRemove(const QStringList& args) {
    GalleryArgs a;
    prepare(a, QStringLiteral("Delete a gallery: its subjects, images, faces and enrollment "
                                    "jobs. Searches made against it keep their records. The "
                                    "deletion and its reason are recorded in the audit log."),
            QStringLiteral("NAME"));
    a.parser.addOption({QStringLiteral("yes"), QStringLiteral("Confirm the deletion.")});
    a.parser.addOption({QStringLiteral("reason"),
                        QStringLiteral("Why the gallery is deleted (required; recorded in the audit log)."),
                        QStringLiteral("TEXT")});
    if (auto exit = parseOrExit(a.parser, args)) return *exit;
    QString name;
    if (auto exit = oneName(a.parser, "remove", name)) return *exit;
    const QString reason = a.parser.value(QStringLiteral("reason")).trimmed();
    if (reason.isEmpty()) {
        printError(QStringLiteral("gallery remove needs --reason TEXT: why the gallery is deleted, "
                                  "recorded in the audit log"));
        return kExitUsage;
    }
    if (auto exit = open(a)) return *exit;
    auto gallery = GalleryCatalog(*a.connection).findByName(name);
    if (!gallery) {
        printError(gallery.errorMessage());
        return exitCodeFor(gallery.error());
    }
    if (!a.parser.isSet(QStringLiteral("yes"))) {
        printError(QStringLiteral("this deletes gallery \"%1\" with %2 images and %3 faces; add --yes "
                                  "to confirm")
                       .arg(gallery->name, number(gallery->imageCount), number(gallery->faceCount)));
        return kExitUsage;
    }
    // GalleryAdmin holds the gallery's enrollment lock while deleting.
    if (auto removed = GalleryAdmin(*a.workspace, *a.connection, a.workspace->actor())
                           .removeGallery(gallery->id, reason);
        !removed) {
        printError(removed.errorMessage());
        return exitCodeFor(removed.error());
    }
    if (a.parser.isSet(QStringLiteral("json"))) {
        QJsonObject object = galleryJson(*gallery);
        object.insert(QStringLiteral("removed"), true);
        printJson(object);
    } else {
        printLine(QStringLiteral("Removed gallery \"%1\" (%2 images, %3 faces).")
                      .arg(gallery->name, number(gallery->imageCount), number(gallery->faceCount)));
    }
    return kExitOk;
}
}  // namespace

int runGallery(const QStringList& args) {
    const QString what = args.size() > 1 ? args[1] : QString();
    if (what == QLatin1String("list")) return runList(args.mid(1));
    if (what == QLatin1String("stats")) return runStats(args.mid(1));
    if (what == QLatin1String("remove")) return runRemove(args.mid(1));
    if (what == QLatin1String("remove-image")) return runGalleryRemoveImage(args.mid(1));
    if (what == QLatin1String("synth")) return runGallerySynth(args.mid(1));
    if (what == QLatin1String("backfill-chips")) return runGalleryBackfillChips(args.mid(1));
    printError(QStringLiteral("gallery what? list, stats NAME, remove NAME --yes --reason TEXT, "
                              "remove-image NAME (--image-id ID | --sha256 HEX) --reason TEXT "
                              "synth --gallery NAME --count N or backfill-chips NAME"));
    return kExitUsage;
}

}  // namespace facecase::cli
