"""Facts about regions that no SDK file carries. The list of regions itself is botocore's
(`lambdatui.aws.regions.known_regions`), never kept by hand here."""

# Regions enabled in every account: AWS enables by default exactly the regions launched before
# 20 March 2019, so this set is closed and never grows (later regions are opt-in). It is the
# fallback of --all-regions when ec2:DescribeRegions is not allowed.
DEFAULT_ENABLED_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
    "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2",
)  # fmt: skip
