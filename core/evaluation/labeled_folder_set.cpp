#include "evaluation/labeled_folder_set.h"

#include <QDir>
#include <QFileInfo>

namespace facecase {

Result<std::vector<LabeledIdentity>> LabeledFolderSet::read(const QString& root) {
    const QDir dir(root);
    if (!QFileInfo(root).isDir())
        return Error::notFound(QStringLiteral("%1: labeled photo folder not found").arg(root));
    static const QStringList imageFilters{
        QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"), QStringLiteral("*.png"), QStringLiteral("*.bmp"),
        QStringLiteral("*.tif"), QStringLiteral("*.tiff"), QStringLiteral("*.webp"),
        QStringLiteral("*.JPG"), QStringLiteral("*.JPEG"), QStringLiteral("*.PNG")};
    std::vector<LabeledIdentity> identities;
    for (const QFileInfo& folder : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        LabeledIdentity identity;
        identity.name = folder.fileName();
        for (const QFileInfo& photo : QDir(folder.absoluteFilePath()).entryInfoList(imageFilters, QDir::Files, QDir::Name))
            identity.photos << photo.absoluteFilePath();
        if (!identity.photos.isEmpty()) identities.push_back(std::move(identity));
    }
    if (identities.empty())
        return Error::invalidInput(QStringLiteral("%1: no identity folders with photos (expected "
                                                  "<identity>/<photo> sub-folders)").arg(root));
    return identities;
}

int LabeledFolderSet::photoCount(const std::vector<LabeledIdentity>& identities) {
    int n = 0;
    for (const LabeledIdentity& identity : identities) n += int(identity.photos.size());
    return n;
}

}  // namespace facecase
