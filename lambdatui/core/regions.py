"""The commercial partition's regions, for pickers and when ec2:DescribeRegions is not allowed."""

KNOWN_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1",
    "eu-south-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2", "ap-east-1", "me-south-1", "af-south-1",
)  # fmt: skip

# Regions enabled in every account (opt-in regions such as af-south-1 are not): the fallback of
# --all-regions when ec2:DescribeRegions is not allowed.
DEFAULT_ENABLED_REGIONS = tuple(
    r for r in KNOWN_REGIONS
    if r not in {"af-south-1", "ap-east-1", "eu-south-1", "eu-central-2", "me-south-1"}
)  # fmt: skip
