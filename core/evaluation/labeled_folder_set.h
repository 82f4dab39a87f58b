#pragma once

#include "types/result.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace facecase {

// A labeled photo set laid out one folder per identity (LFW's <Name>/<Name>_NNNN.jpg, or any
// <identity>/<photo> tree): what calibration and 1:N evaluation read. Identities and photos come
// in sorted order, so every run sees the same set in the same order.
struct LabeledIdentity {
    QString name;
    QStringList photos;  // absolute paths, sorted
};

class LabeledFolderSet {
public:
    // Image files are recognised by extension (jpg, jpeg, png, bmp, tif, tiff, webp); other
    // files are ignored. Fails when the folder is missing or holds no identity with a photo.
    static Result<std::vector<LabeledIdentity>> read(const QString& root);

    static int photoCount(const std::vector<LabeledIdentity>& identities);
};

}  // namespace facecase
