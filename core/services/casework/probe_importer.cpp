#include "services/casework/probe_importer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <QJsonObject>

#include "store/case_repository.h"
#include "store/evidence_store.h"
#include "store/open_case_guard.h"
#include "store/refusal_record.h"

namespace facecase {


ProbeImporter::ProbeImporter(Workspace workspace, ImageLoadLimits limits)
    : m_workspace(std::move(workspace)), m_loader(limits) {}

QString ProbeImporter::extensionFor(const QString& format) {
    const QString f = format.toLower();
    if (f == QLatin1String("jpeg") || f == QLatin1String("jpg")) return QStringLiteral("jpg");
    if (f == QLatin1String("tiff") || f == QLatin1String("tif")) return QStringLiteral("tif");
    for (const char* known : {"png", "bmp", "webp", "gif"})
        if (f == QLatin1String(known)) return f;
    return QStringLiteral("bin");
}

Result<QString> ProbeImporter::storeEvidence(const QByteArray& bytes, const QString& sha256,
                                             const QString& format,
                                             const QString& sourceName) const {
    // The folder's evidence/ file, or the agency database's evidence row (a session of its
    // own: preparing has no connection at hand, and runs before the probe is recorded).
    return EvidenceStore(m_workspace).keep(bytes, sha256, extensionFor(format), sourceName);
}

Result<ProbeImporter::Prepared> ProbeImporter::prepare(const QString& path) const {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QFileInfo info(absolute);
    if (!info.exists()) return Error::notFound(QStringLiteral("%1: no such file").arg(absolute));
    if (!info.isFile()) return Error::invalidInput(QStringLiteral("%1: not a file").arg(absolute));
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot read (%2)").arg(absolute, file.errorString()));
    }
    // The one read of the source: the hash, the decode and the copy all use these bytes, so a
    // file changed meanwhile cannot make them disagree.
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        return Error::invalidInput(
            QStringLiteral("%1: cannot read (%2)").arg(absolute, file.errorString()));
    }
    file.close();
    return prepareRead(bytes, absolute);
}

Result<ProbeImporter::Prepared> ProbeImporter::prepareBytes(const QByteArray& bytes,
                                                            const QString& source) const {
    if (source.trimmed().isEmpty())
        return Error::invalidInput(QStringLiteral("pasted image: say where it came from"));
    if (bytes.isEmpty()) return Error::invalidInput(QStringLiteral("%1: no image data").arg(source));
    return prepareRead(bytes, source);
}

Result<ProbeImporter::Prepared> ProbeImporter::prepareRead(const QByteArray& bytes,
                                                           const QString& source) const {
    auto loaded = m_loader.loadBytes(bytes, source);
    if (!loaded) return loaded.error();
    auto evidence = storeEvidence(bytes, loaded->sha256, loaded->format, source);
    if (!evidence) return evidence.error();
    loaded->sourcePath = source;
    return Prepared{source, std::move(loaded).value(), *evidence, bytes.size()};
}

Result<void> ProbeImporter::check(const DatabaseConnection& connection, const Request& request,
                                  const QString& source, const QString& actor) const {
    if (auto refused = refusal(connection, request, source, actor)) return *refused;
    return {};
}

Result<ProbeImporter::Added> ProbeImporter::record(const DatabaseConnection& connection,
                                                     const Request& request,
                                                     const Prepared& prepared,
                                                     const QString& actor) const {
    if (auto refused = refusal(connection, request, prepared.source, actor)) return *refused;
    return addRow(connection, request, prepared, actor);
}

Result<ProbeImporter::Added> ProbeImporter::import(const DatabaseConnection& connection,
                                                     const Request& request,
                                                     const QString& actor) const {
    const QString path = QFileInfo(request.path).absoluteFilePath();
    // Checked before any byte is copied (and again under the write lock by the repository).
    if (auto refused = refusal(connection, request, path, actor)) return *refused;
    auto prepared = prepare(path);
    if (!prepared) return prepared.error();
    return addRow(connection, request, *prepared, actor);
}

Result<ProbeImporter::Added> ProbeImporter::importBytes(const DatabaseConnection& connection,
                                                          const Request& request,
                                                          const QByteArray& bytes,
                                                          const QString& source,
                                                          const QString& actor) const {
    if (auto refused = refusal(connection, request, source, actor)) return *refused;
    auto prepared = prepareBytes(bytes, source);
    if (!prepared) return prepared.error();
    return addRow(connection, request, *prepared, actor);
}

std::optional<Error> ProbeImporter::refusal(const DatabaseConnection& connection,
                                            const Request& request, const QString& source,
                                            const QString& actor) {
    auto theCase = OpenCaseGuard::require(connection, request.caseId, QStringLiteral("add a probe"));
    std::optional<Error> why;
    if (!theCase) {
        if (theCase.error().kind != Error::Kind::InvalidInput) return theCase.error();  // no case
        why = theCase.error();
    } else if (request.declaredKind == ProbeRecord::DeclaredKind::EditedImage &&
               request.editNote.trimmed().isEmpty()) {
        why = Error::invalidInput(
            QStringLiteral("%1: an edited image needs a note saying what was edited (cropped, "
                           "brightened, retouched, composited, ...)")
                .arg(source));
    }
    if (!why) return std::nullopt;
    auto found = CaseRepository(connection).findById(request.caseId);
    if (!found) return found.error();
    return RefusalRecord::write(
        connection, QStringLiteral("probe_refused"), found->id,
        QJsonObject{{QStringLiteral("case_number"), found->caseNumber},
                    {QStringLiteral("source"), source},
                    {QStringLiteral("declared_kind"), ProbeRecord::kindName(request.declaredKind)}},
        actor, std::move(*why));
}

Result<ProbeImporter::Added> ProbeImporter::addRow(const DatabaseConnection& connection,
                                                     const Request& request,
                                                     const Prepared& prepared,
                                                     const QString& actor) const {
    ProbeRecord draft;
    draft.caseId = request.caseId;
    draft.sha256 = prepared.photo.sha256;
    draft.evidencePath = prepared.evidencePath;
    draft.originalPath = prepared.source;
    draft.fileBytes = prepared.fileBytes;
    draft.width = prepared.photo.image.width();
    draft.height = prepared.photo.image.height();
    draft.format = prepared.photo.format;
    draft.declaredKind = request.declaredKind;
    draft.editNote = request.editNote;
    return ProbeRepository(connection).add(draft, actor);
}

}  // namespace facecase
