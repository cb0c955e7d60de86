import AWSKit
import AccountList

extension PayerAccount {
    /// The account's partition: `aws-cn` for a China row, else `aws`.
    var partition: Partition { isChina ? .awsChina : .aws }
}
