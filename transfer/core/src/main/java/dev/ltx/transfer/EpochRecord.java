package dev.ltx.transfer;

/**
 * One epoch of fine-tuning or standard training.
 *
 * @param epoch              1-based epoch
 * @param lr                 learning rate of the epoch's first step
 * @param trainLoss          sample-weighted mean training loss while the weights moved
 * @param trainAccuracy      training ("moving") top-1 accuracy in percent
 * @param validationAccuracy validation top-1 accuracy in percent after the epoch
 * @param validationLoss     validation loss after the epoch
 */
public record EpochRecord(int epoch, double lr, double trainLoss, double trainAccuracy, double validationAccuracy,
                          double validationLoss) {
    public static final String CSV_HEADER = "epoch,lr,train_loss,train_accuracy,val_accuracy,val_loss";

    public String csvRow() {
        return epoch + "," + lr + "," + trainLoss + "," + trainAccuracy + "," + validationAccuracy + "," + validationLoss;
    }
}
