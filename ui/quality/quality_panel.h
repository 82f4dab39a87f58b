#pragma once

#include <QImage>
#include <QList>
#include <QWidget>
#include <vector>

#include "types/detected_face.h"

class QLabel;
class QStackedWidget;
class QTableView;

namespace facecase::ui {

class FaceDetailsView;
class FaceListModel;

// The faces of the current photo: a table (one row per face, coloured quality) and, below it,
// the details of the selected face. Owns its model. Selection goes both ways: selectFace() from
// the photo, selectedFaceChanged() when the analyst picks a row.
class QualityPanel : public QWidget {
    Q_OBJECT

public:
    explicit QualityPanel(QWidget* parent = nullptr);

    // `chips` holds one aligned face image per face, in the same order.
    void setFaces(std::vector<DetectedFace> faces, QList<QImage> chips);
    // No faces: the table gives way to `placeholder` (why there is nothing to show).
    void clear(const QString& placeholder);
    // One more face (drawn by hand), with its chip; the selection stays where it was.
    void appendFace(DetectedFace face, const QImage& chip);
    // One line about the photo itself (name, size, format, hash) above the table.
    void setPhotoInfo(const QString& text, const QString& toolTip = {});

    FaceListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    FaceDetailsView* details() const { return m_details; }
    QString placeholderText() const;
    int selectedRow() const { return m_selectedRow; }

public slots:
    void selectFace(int row);  // -1 clears the selection

signals:
    void selectedFaceChanged(int row);

private:
    void onCurrentRowChanged(int row);
    void fitTableHeight();

    FaceListModel* m_model = nullptr;
    QLabel* m_photoInfo = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_placeholder = nullptr;
    FaceDetailsView* m_details = nullptr;
    QList<QImage> m_chips;
    int m_selectedRow = -1;
};

}  // namespace facecase::ui
