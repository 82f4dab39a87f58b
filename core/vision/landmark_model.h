#pragma once

#include "types/image.h"
#include "types/landmarks.h"
#include "types/result.h"

#include <QRectF>
#include <QString>

#include <memory>

namespace facecase {

// dlib's 68-point shape predictor (Debian libdlib-data). Loading takes ~1 s and ~100 MB: load once,
// off the GUI thread, and share. fit() is const and thread-safe; ~1 ms per face.
class LandmarkModel {
public:
    static Result<std::shared_ptr<const LandmarkModel>> load(const QString& path);
    ~LandmarkModel();

    // Landmarks of the face inside `box` (source-image coordinates; a detector box or one drawn
    // by hand). Points may fall slightly outside the image for faces cut by its border.
    Result<Landmarks> fit(const Image& image, const QRectF& box) const;

    QString path() const { return m_path; }

private:
    struct Impl;
    LandmarkModel(QString path, std::unique_ptr<Impl> impl);
    QString m_path;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace facecase
