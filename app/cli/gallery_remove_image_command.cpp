// `facecase-cli gallery remove-image NAME (--image-id ID | --sha256 HEX) --reason TEXT`: delete
// one enrolled photo and its faces from a gallery, with its `gallery_image_removed` audit record
// (GalleryAdmin::removeImage). Issue 6: gallery records can be deleted individually, with a reason.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/workspace_args.h"
#include "services/enrollment/gallery_admin.h"
#include "services/enrollment/gallery_catalog.h"

namespace facecase::cli {

int runGalleryRemoveImage(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Delete one enrolled image of a gallery with its faces (and its subject "
                       "when it was the subject's last image). Recorded searches keep their "
                       "candidates' snapshot. The deletion and its reason are recorded in the "
                       "audit log."));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The gallery."),
                                 QStringLiteral("NAME"));
    parser.addOption({QStringLiteral("image-id"),
                      QStringLiteral("The image's id (as in search results)."),
                      QStringLiteral("ID")});
    parser.addOption({QStringLiteral("sha256"), QStringLiteral("The SHA-256 of the image's bytes."),
                      QStringLiteral("HEX")});
    parser.addOption(
        {QStringLiteral("reason"),
         QStringLiteral("Why the image is deleted (required; recorded in the audit log)."),
         QStringLiteral("TEXT")});
    parser.addOption(
        {QStringLiteral("json"), QStringLiteral("One JSON object on stdout (docs/cli.md).")});
    addWorkspaceOption(parser);
    if (auto exit = parseOrExit(parser, args)) return *exit;

    const QStringList names = parser.positionalArguments();
    if (names.size() != 1 || names[0].trimmed().isEmpty()) {
        printError(QStringLiteral("gallery remove-image needs exactly one gallery NAME"));
        return kExitUsage;
    }
    const bool byId = parser.isSet(QStringLiteral("image-id"));
    const bool bySha = parser.isSet(QStringLiteral("sha256"));
    if (byId == bySha) {
        printError(
            QStringLiteral("gallery remove-image needs either --image-id ID or --sha256 HEX"));
        return kExitUsage;
    }
    GalleryImageKey key;
    if (byId) {
        bool ok = false;
        const qint64 id = parser.value(QStringLiteral("image-id")).trimmed().toLongLong(&ok);
        if (!ok || id <= 0) {
            printError(
                QStringLiteral("--image-id: \"%1\" is not an image id (a positive whole number)")
                    .arg(parser.value(QStringLiteral("image-id"))));
            return kExitUsage;
        }
        key.imageId = id;
    } else {
        key.sha256 = parser.value(QStringLiteral("sha256"));
    }
    const QString reason = parser.value(QStringLiteral("reason")).trimmed();
    if (reason.isEmpty()) {
        printError(
            QStringLiteral("gallery remove-image needs --reason TEXT: why the image is "
                           "deleted, recorded in the audit log"));
        return kExitUsage;
    }

    OpenedWorkspace opened;
    if (auto exit = openWorkspaceConnection(parser, opened)) return *exit;
    auto& workspace = opened.workspace;
    auto& connection = opened.connection;
    auto gallery = GalleryCatalog(*connection).findByName(names[0]);
    if (!gallery) {
        printError(gallery.errorMessage());
        return exitCodeFor(gallery.error());
    }
    // GalleryAdmin holds the gallery's enrollment lock: no enrollment may be storing this photo.
    auto removed = GalleryAdmin(*workspace, *connection, workspace->actor()).removeImage(gallery->id, key, reason);
    if (!removed) {
        printError(removed.errorMessage());
        return exitCodeFor(removed.error());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{
            {QStringLiteral("gallery"), removed->gallery.name},
            {QStringLiteral("gallery_id"), removed->gallery.id},
            {QStringLiteral("gallery_revision"), removed->gallery.revision},
            {QStringLiteral("image_id"), removed->imageId},
            {QStringLiteral("sha256"), removed->sha256},
            {QStringLiteral("path"), removed->path},
            {QStringLiteral("subject_external_id"), removed->subjectExternalId.isEmpty()
                                                        ? QJsonValue(QJsonValue::Null)
                                                        : QJsonValue(removed->subjectExternalId)},
            {QStringLiteral("subject_removed"), removed->subjectRemoved},
            {QStringLiteral("faces"), removed->faces},
            {QStringLiteral("removed"), true},
        });
    } else {
        QString subject;
        if (removed->subjectRemoved) {
            subject = removed->subjectExternalId.isEmpty()
                          ? QStringLiteral(" with its subject")
                          : QStringLiteral(" with its subject %1").arg(removed->subjectExternalId);
        }
        printLine(QStringLiteral("Removed image %1 (%2, %3 face(s)) from gallery \"%4\"%5; "
                                 "recorded in the audit log.")
                      .arg(removed->imageId)
                      .arg(removed->path)
                      .arg(removed->faces)
                      .arg(removed->gallery.name, subject));
    }
    return kExitOk;
}

}  // namespace facecase::cli
