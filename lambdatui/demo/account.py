"""Who the demo account is: its id, region and the emulator's fixed credentials."""

DEMO_ACCOUNT = "123456789012"
DEMO_REGION = "us-east-1"
DEMO_CREDENTIALS = {"access_key_id": "AKIADEMODEMODEMO0000", "secret_access_key": "demo-secret"}
